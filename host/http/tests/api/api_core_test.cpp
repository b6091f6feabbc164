// The core of the HTTP API over a real store and server, on SQLite and on PostgreSQL:
// authentication, admin-only routes, users, tools, agents, request-body errors, pagination and
// the per-request statement budget.
#include "http/tests/api/api_test_support.hpp"
#include "http/tests/http_test_support.hpp"
#include "plugins/plugin_catalog.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace agenthost::http::testing {
namespace {

using json::Value;

class ApiCoreTest : public ::testing::TestWithParam<store::Engine> {
protected:
  ApiTestServer server{GetParam()};

  static Value minimal_agent(const std::string& name) {
    return Value::object({{"name", name}, {"backend", "local"}, {"model", "m1"}});
  }
  // POST with one member replaced or added; expects 422 naming `field`.
  void expect_unprocessable(const std::string& method, const std::string& path, const Value& body,
                            const std::string& field) {
    const Reply reply = server.call_json(method, path, body, server.bob_token);
    EXPECT_EQ(reply.status, 422) << json::dump(body) << " → " << describe(reply);
    EXPECT_EQ(reply.error_type(), "unprocessable") << describe(reply);
    EXPECT_EQ(reply.error_field(), field) << json::dump(body) << " → " << describe(reply);
  }
  std::string create_agent(const std::string& token, const Value& body) {
    const Reply reply = server.call_json("POST", "/api/v1/agents", body, token);
    EXPECT_EQ(reply.status, 201) << describe(reply);
    return reply.json["id"].is_string() ? reply.json["id"].as_string() : std::string();
  }
  static Value with(Value body, const std::string& name, Value value) {
    body.set(name, std::move(value));
    return body;
  }
};

// --- authentication and authorization --------------------------------------------------------

TEST_P(ApiCoreTest, MissingAuthorizationIs401WithChallenge) {
  const Reply reply = server.call("GET", "/api/v1/users/me");
  EXPECT_EQ(reply.status, 401) << describe(reply);
  EXPECT_EQ(reply.error_type(), "unauthorized");
  EXPECT_EQ(reply.header("WWW-Authenticate"), "Bearer realm=\"agenthost\"");
}

TEST_P(ApiCoreTest, MalformedAuthorizationIs401InvalidToken) {
  const std::vector<std::string> headers{"Basic dXNlcjpwdw==",
                                         "Bearer",
                                         "Bearer ",
                                         "Bearer  " + server.bob_token,
                                         "Bearer " + server.bob_token + " extra",
                                         "Token " + server.bob_token};
  for (const std::string& header : headers) {
    const Reply reply = server.call("GET", "/api/v1/users/me", std::nullopt, {}, {{"Authorization", header}});
    EXPECT_EQ(reply.status, 401) << header << " → " << describe(reply);
    EXPECT_EQ(reply.header("WWW-Authenticate"), "Bearer realm=\"agenthost\", error=\"invalid_token\"") << header;
  }
}

TEST_P(ApiCoreTest, SchemeIsCaseInsensitive) {
  const Reply reply =
      server.call("GET", "/api/v1/users/me", std::nullopt, {}, {{"Authorization", "bEARER " + server.bob_token}});
  EXPECT_EQ(reply.status, 200) << describe(reply);
}

TEST_P(ApiCoreTest, UnknownAndRevokedTokensAre401) {
  const std::string unknown = "ah_" + std::string(43, 'A');
  EXPECT_EQ(server.call("GET", "/api/v1/users/me", std::nullopt, unknown).status, 401);

  ASSERT_EQ(server.call("GET", "/api/v1/users/me", std::nullopt, server.bob_token).status, 200);
  server.context().users.revoke_token(server.bob_token);
  const Reply revoked = server.call("GET", "/api/v1/users/me", std::nullopt, server.bob_token);
  EXPECT_EQ(revoked.status, 401) << describe(revoked);
  EXPECT_EQ(revoked.header("WWW-Authenticate"), "Bearer realm=\"agenthost\", error=\"invalid_token\"");
}

TEST_P(ApiCoreTest, AdminRoutesAre403ForOthers) {
  const Reply list = server.call("GET", "/api/v1/users", std::nullopt, server.bob_token);
  EXPECT_EQ(list.status, 403) << describe(list);
  EXPECT_EQ(list.error_type(), "forbidden");
  const Reply create = server.call_json("POST", "/api/v1/users", Value::object({{"name", "eve"}}), server.bob_token);
  EXPECT_EQ(create.status, 403) << describe(create);
  EXPECT_FALSE(server.context().users.find_user_by_name("eve"));
}

TEST_P(ApiCoreTest, PluginCatalogIsForAdminsOnly) {
  const plugins::PluginCatalog catalog = plugins::PluginCatalog::from_files({});
  ApiTestOptions options;
  options.plugin_catalog = &catalog;
  ApiTestServer with_plugins(GetParam(), options);
  EXPECT_EQ(with_plugins.call("GET", "/api/v1/plugins").status, 401);
  const Reply other = with_plugins.call("GET", "/api/v1/plugins", std::nullopt, with_plugins.bob_token);
  EXPECT_EQ(other.status, 403) << describe(other);
  const Reply admin = with_plugins.call("GET", "/api/v1/plugins", std::nullopt, with_plugins.alice_token);
  EXPECT_EQ(admin.status, 200) << describe(admin);
  EXPECT_TRUE(admin.json.is_object()) << describe(admin);
}

// --- users -----------------------------------------------------------------------------------

TEST_P(ApiCoreTest, MeShowsTheCaller) {
  const Reply reply = server.call("GET", "/api/v1/users/me", std::nullopt, server.alice_token);
  ASSERT_EQ(reply.status, 200) << describe(reply);
  EXPECT_EQ(reply.json["id"], Value(server.alice.id));
  EXPECT_EQ(reply.json["name"], Value("alice"));
  EXPECT_EQ(reply.json["is_admin"], Value(true));
  EXPECT_TRUE(std::regex_match(reply.json["created_at"].as_string(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << reply.json["created_at"].as_string();
  EXPECT_EQ(server.call("GET", "/api/v1/users/me", std::nullopt, server.bob_token).json["is_admin"], Value(false));
}

TEST_P(ApiCoreTest, AdminCreatesUsersWithAWorkingToken) {
  const Reply created =
      server.call_json("POST", "/api/v1/users", Value::object({{"name", "carol"}}), server.alice_token);
  ASSERT_EQ(created.status, 201) << describe(created);
  EXPECT_EQ(created.json["user"]["name"], Value("carol"));
  EXPECT_EQ(created.json["user"]["is_admin"], Value(false));
  const std::string token = created.json["token"].as_string();
  EXPECT_EQ(token.rfind("ah_", 0), 0u) << token;
  const Reply me = server.call("GET", "/api/v1/users/me", std::nullopt, token);
  EXPECT_EQ(me.json["id"], created.json["user"]["id"]) << describe(me);

  const Reply duplicate =
      server.call_json("POST", "/api/v1/users", Value::object({{"name", "carol"}}), server.alice_token);
  EXPECT_EQ(duplicate.status, 409) << describe(duplicate);

  const Reply list = server.call("GET", "/api/v1/users?limit=2", std::nullopt, server.alice_token);
  ASSERT_EQ(list.status, 200) << describe(list);
  EXPECT_EQ(list.json["data"].size(), 2u);
  EXPECT_EQ(list.json["data"][0]["name"], Value("carol")); // newest first
  EXPECT_TRUE(list.json["next_cursor"].is_string());
}

TEST_P(ApiCoreTest, UserBodyErrorsNameTheField) {
  const auto post = [&](const Value& body) {
    return server.call_json("POST", "/api/v1/users", body, server.alice_token);
  };
  EXPECT_EQ(post(Value::object()).error_field(), "name");
  EXPECT_EQ(post(Value::object({{"name", ""}})).error_field(), "name");
  EXPECT_EQ(post(Value::object({{"name", "dan"}, {"is_admin", "yes"}})).error_field(), "is_admin");
  const Reply read_only = post(Value::object({{"name", "dan"}, {"id", "usr_x"}}));
  EXPECT_EQ(read_only.status, 422);
  EXPECT_EQ(read_only.error_field(), "id");
  EXPECT_NE(read_only.error_message().find("read-only"), std::string::npos) << describe(read_only);
}

// --- tools -----------------------------------------------------------------------------------

TEST_P(ApiCoreTest, ToolsListsConfiguredToolsAsTheModelSeesThem) {
  const Reply reply = server.call("GET", "/api/v1/tools", std::nullopt, server.bob_token);
  ASSERT_EQ(reply.status, 200) << describe(reply);
  ASSERT_EQ(reply.json["data"].size(), 2u) << describe(reply);
  const Value& calc = reply.json["data"][0];
  EXPECT_EQ(calc["name"], Value("calc"));
  EXPECT_EQ(calc["plugin"], Value("fake_tool"));
  EXPECT_EQ(calc["description"], Value("Evaluates an arithmetic expression."));
  EXPECT_EQ(calc["parameters"]["required"], Value::array({"expression"}));
  EXPECT_EQ(reply.json["data"][1]["name"], Value("clock"));
}

// --- agents ----------------------------------------------------------------------------------

TEST_P(ApiCoreTest, AgentLifecycle) {
  const Value full = Value::object({
      {"name", "helper"},
      {"backend", "remote"},
      {"model", "m2"},
      {"system_prompts", Value::array({"Be brief.", "Be kind."})},
      {"tools", Value::array({"clock", "calc"})},
      {"strategy", "summarize,budget"},
      {"params", Value::object({{"temperature", 0.5}, {"max_tokens", 256}, {"seed", -7}})},
  });
  const Reply created = server.call_json("POST", "/api/v1/agents", full, server.bob_token);
  ASSERT_EQ(created.status, 201) << describe(created);
  const std::string id = created.json["id"].as_string();
  EXPECT_EQ(id.rfind("agt_", 0), 0u);
  EXPECT_EQ(created.json["tools"], full["tools"]);
  EXPECT_EQ(created.json["system_prompts"], full["system_prompts"]);
  EXPECT_EQ(created.json["strategy"], Value("summarize, budget"));
  EXPECT_EQ(created.json["params"], full["params"]);

  const Reply shown = server.call("GET", "/api/v1/agents/" + id, std::nullopt, server.bob_token);
  ASSERT_EQ(shown.status, 200) << describe(shown);
  EXPECT_EQ(shown.json, created.json);

  const Reply patched = server.call_json(
      "PATCH", "/api/v1/agents/" + id, Value::object({{"model", "m3"}, {"strategy", nullptr}, {"tools", Value::array()}}),
      server.bob_token);
  ASSERT_EQ(patched.status, 200) << describe(patched);
  EXPECT_EQ(patched.json["model"], Value("m3"));
  EXPECT_TRUE(patched.json["strategy"].is_null());
  EXPECT_EQ(patched.json["tools"], Value::array());
  EXPECT_EQ(patched.json["name"], Value("helper")); // untouched
  EXPECT_EQ(patched.json["params"], full["params"]);

  const Reply duplicate = server.call_json("POST", "/api/v1/agents", minimal_agent("helper"), server.bob_token);
  EXPECT_EQ(duplicate.status, 409) << describe(duplicate);
  EXPECT_EQ(server.call_json("POST", "/api/v1/agents", minimal_agent("helper"), server.alice_token).status, 201)
      << "names are per owner";

  const Reply deleted = server.call("DELETE", "/api/v1/agents/" + id, std::nullopt, server.bob_token);
  EXPECT_EQ(deleted.status, 204) << describe(deleted);
  EXPECT_TRUE(deleted.body.empty());
  EXPECT_EQ(server.call("GET", "/api/v1/agents/" + id, std::nullopt, server.bob_token).status, 404);
}

TEST_P(ApiCoreTest, AgentBodyErrorsNameTheField) {
  const Value agent = minimal_agent("a");
  const std::string agents = "/api/v1/agents";
  expect_unprocessable("POST", agents, with(agent, "backend", "nowhere"), "backend");
  expect_unprocessable("POST", agents, with(agent, "tools", Value::array({"calc", "nope"})), "tools[1]");
  expect_unprocessable("POST", agents, with(agent, "tools", Value::array({"calc", "calc"})), "tools[1]");
  expect_unprocessable("POST", agents, with(agent, "tools", Value::array({"calc", 3})), "tools[1]");
  expect_unprocessable("POST", agents, with(agent, "tools", "calc"), "tools");
  expect_unprocessable("POST", agents, with(agent, "strategy", "summarize, nope"), "strategy");
  expect_unprocessable("POST", agents, with(agent, "strategy", "summarize,,budget"), "strategy");
  expect_unprocessable("POST", agents, with(agent, "strategy", 5), "strategy");
  expect_unprocessable("POST", agents, with(agent, "name", 5), "name");
  expect_unprocessable("POST", agents, with(agent, "system_prompts", Value::array({""})), "system_prompts[0]");
  expect_unprocessable("POST", agents, Value::object({{"name", "a"}, {"backend", "local"}}), "model");
  expect_unprocessable("POST", agents, with(agent, "id", "agt_x"), "id");
  expect_unprocessable("POST", agents, with(agent, "created_at", "2026-01-01T00:00:00.000Z"), "created_at");
  expect_unprocessable("POST", agents, with(agent, "colour", "blue"), "colour");
  expect_unprocessable("POST", agents, with(agent, "params", 1), "params");
  const auto param = [&](const std::string& name, Value value) {
    return with(agent, "params", Value::object({{name, std::move(value)}}));
  };
  expect_unprocessable("POST", agents, param("temperature", 2.5), "params.temperature");
  expect_unprocessable("POST", agents, param("temperature", "hot"), "params.temperature");
  expect_unprocessable("POST", agents, param("top_p", -0.1), "params.top_p");
  expect_unprocessable("POST", agents, param("top_k", 0), "params.top_k");
  expect_unprocessable("POST", agents, param("top_k", 1.5), "params.top_k");
  expect_unprocessable("POST", agents, param("max_tokens", 0), "params.max_tokens");
  expect_unprocessable("POST", agents, param("seed", "7"), "params.seed");
  expect_unprocessable("POST", agents, param("presence_penalty", 2.5), "params.presence_penalty");
  expect_unprocessable("POST", agents, param("frequency_penalty", -3), "params.frequency_penalty");
  expect_unprocessable("POST", agents, param("temp", 1), "params.temp");

  const std::string id = create_agent(server.bob_token, agent);
  expect_unprocessable("PATCH", agents + "/" + id, Value::object({{"backend", "nowhere"}}), "backend");
  expect_unprocessable("PATCH", agents + "/" + id, Value::object({{"strategy", "nope"}}), "strategy");
  expect_unprocessable("PATCH", agents + "/" + id, Value::object({{"updated_at", "x"}}), "updated_at");
  expect_unprocessable("PATCH", agents + "/" + id, Value::object({{"owner_id", "usr_x"}}), "owner_id");
  expect_unprocessable("PATCH", agents + "/" + id, Value::object({{"model", ""}}), "model");

  const Reply array_body = server.call("POST", agents, std::string("[]"), server.bob_token);
  EXPECT_EQ(array_body.status, 422) << describe(array_body);
}

TEST_P(ApiCoreTest, BodiesMustBeJsonInUtf8) {
  const std::string body = json::dump(minimal_agent("a"));
  const auto post = [&](const std::string& text, const std::string& content_type) {
    return server.call("POST", "/api/v1/agents", text, server.bob_token, {{"Content-Type", content_type}});
  };
  for (const std::string type : {"text/plain", "", "application/jsonx", "application/json; charset=latin1"}) {
    const Reply reply = post(body, type);
    EXPECT_EQ(reply.status, 415) << "'" << type << "' → " << describe(reply);
    EXPECT_EQ(reply.error_type(), "unsupported_media_type");
  }
  const Reply malformed = post("{\"name\": \"a\",", "application/json");
  EXPECT_EQ(malformed.status, 400) << describe(malformed);
  EXPECT_NE(malformed.error_message().find("line 1, column"), std::string::npos) << describe(malformed);
  const Reply bad_utf8 = post("{\"name\":\"a\xff\",\"backend\":\"local\",\"model\":\"m\"}", "application/json");
  EXPECT_EQ(bad_utf8.status, 400) << describe(bad_utf8);
  EXPECT_EQ(post("", "application/json").status, 400);

  const Reply accepted = post(body, "Application/JSON; Charset=\"UTF-8\"");
  EXPECT_EQ(accepted.status, 201) << describe(accepted);
}

TEST_P(ApiCoreTest, OversizeBodiesAre413) {
  const std::string big = "{\"name\":\"" + std::string(70 * 1024, 'x') + "\"}"; // over the 64 KiB cap
  const Reply declared = server.call("POST", "/api/v1/agents", big, server.bob_token);
  EXPECT_EQ(declared.status, 413) << declared.status;
  EXPECT_EQ(declared.error_type(), "payload_too_large");

  FetchOptions chunked = with_chunked_body(big);
  chunked.headers = {{"Authorization", "Bearer " + server.bob_token}, {"Content-Type", "application/json"}};
  const FetchResult streamed = fetch(server.port(), "POST", "/api/v1/agents", chunked);
  EXPECT_EQ(streamed.status, 413) << streamed.body;
  EXPECT_TRUE(server.context().agents.list(server.bob.id, {}).items.empty());
}

TEST_P(ApiCoreTest, OtherUsersAgentsAre404) {
  const std::string id = create_agent(server.alice_token, minimal_agent("mine"));
  const std::string path = "/api/v1/agents/" + id;
  EXPECT_EQ(server.call("GET", path, std::nullopt, server.bob_token).status, 404);
  const Reply patch = server.call_json("PATCH", path, Value::object({{"model", "x"}}), server.bob_token);
  EXPECT_EQ(patch.status, 404) << describe(patch);
  EXPECT_EQ(server.call("DELETE", path, std::nullopt, server.bob_token).status, 404);
  EXPECT_EQ(server.call("GET", "/api/v1/agents/agt_unknown", std::nullopt, server.bob_token).status, 404);

  const Reply still_there = server.call("GET", path, std::nullopt, server.alice_token);
  EXPECT_EQ(still_there.json["model"], Value("m1")) << describe(still_there);
  EXPECT_EQ(server.call("GET", "/api/v1/agents", std::nullopt, server.bob_token).json["data"].size(), 0u);
}

TEST_P(ApiCoreTest, AgentListPagesNewestFirst) {
  std::vector<std::string> created;
  for (int i = 0; i < 5; ++i) created.push_back(create_agent(server.bob_token, minimal_agent("a" + std::to_string(i))));
  std::vector<std::string> seen;
  std::string target = "/api/v1/agents?limit=2";
  std::vector<std::size_t> page_sizes;
  for (int pages = 0; pages < 10; ++pages) {
    const Reply page = server.call("GET", target, std::nullopt, server.bob_token);
    ASSERT_EQ(page.status, 200) << describe(page);
    page_sizes.push_back(page.json["data"].size());
    for (const Value& agent : page.json["data"].as_array()) seen.push_back(agent["id"].as_string());
    if (page.json["next_cursor"].is_null()) break;
    target = "/api/v1/agents?limit=2&cursor=" + page.json["next_cursor"].as_string();
  }
  EXPECT_EQ(page_sizes, (std::vector<std::size_t>{2, 2, 1}));
  EXPECT_EQ(seen, std::vector<std::string>(created.rbegin(), created.rend()));

  const Reply all = server.call("GET", "/api/v1/agents", std::nullopt, server.bob_token);
  EXPECT_EQ(all.json["data"].size(), 5u);
  EXPECT_TRUE(all.json["next_cursor"].is_null());

  for (const std::string query : {"limit=0", "limit=101", "limit=abc", "cursor=zzz"}) {
    const Reply bad = server.call("GET", "/api/v1/agents?" + query, std::nullopt, server.bob_token);
    EXPECT_EQ(bad.status, 400) << query << " → " << describe(bad);
  }
}

TEST_P(ApiCoreTest, AgentWithConversationsCannotBeDeleted) {
  const std::string id = create_agent(server.bob_token, minimal_agent("busy"));
  server.context().conversations.create(server.bob.id, id, std::nullopt);
  const Reply reply = server.call("DELETE", "/api/v1/agents/" + id, std::nullopt, server.bob_token);
  EXPECT_EQ(reply.status, 409) << describe(reply);
  EXPECT_EQ(server.call("GET", "/api/v1/agents/" + id, std::nullopt, server.bob_token).status, 200);
}

// --- statement budget ------------------------------------------------------------------------

TEST_P(ApiCoreTest, StatementsPerRequestDoNotGrowWithRows) {
  store::AgentFields fields;
  fields.backend = "local";
  fields.model = "m";
  fields.tools = {"calc", "clock"};
  fields.system_prompts = {"one", "two"};
  fields.name = "first";
  const store::AgentRecord first = server.context().agents.create(server.bob.id, fields);

  const Reply one = server.call("GET", "/api/v1/agents?limit=100", std::nullopt, server.bob_token);
  ASSERT_EQ(one.json["data"].size(), 1u);
  for (int i = 0; i < 99; ++i) {
    fields.name = "agent" + std::to_string(i);
    server.context().agents.create(server.bob.id, fields);
  }
  const Reply hundred = server.call("GET", "/api/v1/agents?limit=100", std::nullopt, server.bob_token);
  ASSERT_EQ(hundred.json["data"].size(), 100u);
  EXPECT_EQ(hundred.queries(), one.queries());
  EXPECT_GE(one.queries(), 2) << "authentication and the list itself are counted";

  fields.name = "bare";
  fields.tools = {};
  fields.system_prompts = {};
  const store::AgentRecord bare = server.context().agents.create(server.bob.id, fields);
  const Reply show_full = server.call("GET", "/api/v1/agents/" + first.id, std::nullopt, server.bob_token);
  const Reply show_bare = server.call("GET", "/api/v1/agents/" + bare.id, std::nullopt, server.bob_token);
  EXPECT_EQ(show_full.queries(), show_bare.queries());

  // Errors carry the header too, and a rejected token costs exactly its one lookup.
  EXPECT_GE(server.call("GET", "/api/v1/agents/agt_unknown", std::nullopt, server.bob_token).queries(), 2);
  EXPECT_EQ(server.call("GET", "/api/v1/agents", std::nullopt, "ah_" + std::string(43, 'B')).queries(), 1);
  EXPECT_EQ(server.call("GET", "/api/v1/agents").queries(), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, ApiCoreTest, store::testing::both_engines(), store::testing::engine_name);

} // namespace
} // namespace agenthost::http::testing
