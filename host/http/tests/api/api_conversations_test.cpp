// /api/v1/conversations and their messages, over a real server and store on both engines.
#include "http/tests/api/api_test_support.hpp"

#include "store/ids.hpp"
#include "store/timestamps.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace agenthost::http::testing {
namespace {

const std::string kConversations = "/api/v1/conversations";

class ApiConversationsTest : public ::testing::TestWithParam<store::Engine> {
protected:
  ApiTestServer server{GetParam()};

  // Agents are made through the store: this file tests conversations, not agent routes.
  std::string make_agent(const store::UserRecord& owner, const std::string& name = "helper") {
    store::AgentFields fields;
    fields.name = name;
    fields.backend = "local";
    fields.model = "tiny";
    return server.context().agents.create(owner.id, fields).id;
  }

  json::Value create_conversation(const std::string& token, const std::string& agent_id) {
    const Reply reply = server.call_json("POST", kConversations, json::Value::object({{"agent_id", agent_id}}), token);
    EXPECT_EQ(reply.status, 201) << describe(reply);
    return reply.json;
  }

  std::string make_document(const store::UserRecord& owner) {
    const std::string id = store::new_id("doc_");
    sql("INSERT INTO documents (id, owner_id, filename, content_type, created_at, updated_at) VALUES (?, ?, ?, ?, ?, "
        "?)",
        {id, owner.id, "notes.txt", "text/plain", store::now_ms(), store::now_ms()});
    return id;
  }

  void sql(const std::string& statement, const store::SqlParams& params) {
    auto connection = server.database().connect();
    connection.execute(statement, params);
  }

  // `count` messages, each with one tool call and one attachment, in one transaction: rows
  // made fast for the query-budget tests (200 HTTP calls would only make them slow).
  void insert_messages(const std::string& conversation_id, int count, const std::string& content) {
    const std::string document = make_document(server.alice);
    server.database().transaction([&](store::Connection& connection) {
      for (int i = 0; i < count; ++i) {
        const std::string message = store::new_id("msg_");
        connection.execute(
            "INSERT INTO messages (id, conversation_id, role, content, created_at) VALUES (?, ?, ?, ?, ?)",
            {message, conversation_id, "assistant", content, store::now_ms()});
        connection.execute("INSERT INTO tool_calls (id, message_id, conversation_id, name, arguments, created_at) "
                           "VALUES (?, ?, ?, 'calc', '{}', ?)",
                           {store::new_id("tc_"), message, conversation_id, store::now_ms()});
        connection.execute(
            "INSERT INTO attachments (message_id, conversation_id, document_id, position) VALUES (?, ?, ?, 0)",
            {message, conversation_id, document});
      }
    });
  }

  // Every page of `path` (which has a ?limit=), running `between_pages` after each page.
  std::vector<std::string> ids_of_all_pages(const std::string& path, const std::function<void()>& between_pages) {
    std::vector<std::string> ids;
    std::string next = path;
    for (int pages = 0; pages < 100; ++pages) {
      const Reply reply = server.call("GET", next, std::nullopt, server.alice_token);
      EXPECT_EQ(reply.status, 200) << describe(reply);
      for (const auto& item : reply.json["data"].as_array()) ids.push_back(item["id"].as_string());
      between_pages();
      if (reply.json["next_cursor"].is_null()) return ids;
      next = path + "&cursor=" + reply.json["next_cursor"].as_string();
    }
    ADD_FAILURE() << "pagination of " << path << " did not end";
    return ids;
  }
};

bool is_timestamp(const json::Value& value) {
  static const std::regex rfc3339(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
  return value.is_string() && std::regex_match(value.as_string(), rfc3339);
}

TEST_P(ApiConversationsTest, CreateShowListAndDelete) {
  const std::string agent = make_agent(server.alice);
  const Reply created =
      server.call_json("POST", kConversations, json::Value::object({{"agent_id", agent}, {"title", "Trip planning"}}),
                       server.alice_token);
  ASSERT_EQ(created.status, 201) << describe(created);
  const json::Value& conversation = created.json;
  const std::string id = conversation["id"].as_string();
  EXPECT_EQ(id.rfind("cnv_", 0), 0u) << id;
  EXPECT_EQ(conversation["agent_id"], json::Value(agent));
  EXPECT_EQ(conversation["title"], json::Value("Trip planning"));
  EXPECT_EQ(conversation["status"], json::Value("idle"));
  EXPECT_EQ(conversation["turn_count"], json::Value(0));
  EXPECT_EQ(conversation["total_tokens"], json::Value(0));
  EXPECT_TRUE(is_timestamp(conversation["created_at"])) << created.body;
  EXPECT_TRUE(is_timestamp(conversation["last_activity_at"])) << created.body;
  EXPECT_EQ(conversation.size(), 8u) << created.body;

  const Reply shown = server.call("GET", kConversations + "/" + id, std::nullopt, server.alice_token);
  ASSERT_EQ(shown.status, 200) << describe(shown);
  EXPECT_EQ(shown.json["id"], json::Value(id));
  EXPECT_EQ(shown.json["messages"], json::Value::array());

  const Reply listed = server.call("GET", kConversations, std::nullopt, server.alice_token);
  ASSERT_EQ(listed.status, 200) << describe(listed);
  ASSERT_EQ(listed.json["data"].size(), 1u) << listed.body;
  EXPECT_EQ(listed.json["data"][0], conversation);
  EXPECT_TRUE(listed.json["next_cursor"].is_null());

  EXPECT_EQ(server.call("DELETE", kConversations + "/" + id, std::nullopt, server.alice_token).status, 204);
  EXPECT_EQ(server.call("GET", kConversations + "/" + id, std::nullopt, server.alice_token).status, 404);
  EXPECT_EQ(server.call("DELETE", kConversations + "/" + id, std::nullopt, server.alice_token).status, 404);
  EXPECT_EQ(server.call("GET", kConversations, std::nullopt, server.alice_token).json["data"].size(), 0u);
}

TEST_P(ApiConversationsTest, TitleIsOptionalAndNullable) {
  const std::string agent = make_agent(server.alice);
  EXPECT_TRUE(create_conversation(server.alice_token, agent)["title"].is_null());
  const Reply with_null = server.call_json(
      "POST", kConversations, json::Value::object({{"agent_id", agent}, {"title", nullptr}}), server.alice_token);
  EXPECT_EQ(with_null.status, 201) << describe(with_null);
  EXPECT_TRUE(with_null.json["title"].is_null());
}

TEST_P(ApiConversationsTest, PostedMessagesAreAcceptedAndShownOldestFirst) {
  const std::string id = create_conversation(server.alice_token, make_agent(server.alice))["id"].as_string();
  const std::string document = make_document(server.alice);
  const Reply first =
      server.call_json("POST", kConversations + "/" + id + "/messages",
                       json::Value::object({{"content", "Read this"}, {"attachments", json::Value::array({document})}}),
                       server.alice_token);
  ASSERT_EQ(first.status, 202) << describe(first);
  EXPECT_TRUE(first.json["job"].is_null()) << first.body;
  const json::Value& message = first.json["message"];
  EXPECT_EQ(message["id"].as_string().rfind("msg_", 0), 0u) << first.body;
  EXPECT_EQ(message["conversation_id"], json::Value(id));
  EXPECT_EQ(message["role"], json::Value("user"));
  EXPECT_EQ(message["content"], json::Value("Read this"));
  EXPECT_EQ(message["status"], json::Value("complete"));
  EXPECT_TRUE(is_timestamp(message["created_at"])) << first.body;
  EXPECT_EQ(message["tool_calls"], json::Value::array());
  EXPECT_EQ(message["attachments"], json::Value::array({json::Value::object({{"document_id", document}})}));

  const Reply second = server.call_json("POST", kConversations + "/" + id + "/messages",
                                        json::Value::object({{"content", "And then?"}}), server.alice_token);
  ASSERT_EQ(second.status, 202) << describe(second);

  const Reply shown = server.call("GET", kConversations + "/" + id, std::nullopt, server.alice_token);
  ASSERT_EQ(shown.json["messages"].size(), 2u) << shown.body;
  EXPECT_EQ(shown.json["messages"][0], message);
  EXPECT_EQ(shown.json["messages"][1], second.json["message"]);

  const Reply listed = server.call("GET", kConversations + "/" + id + "/messages", std::nullopt, server.alice_token);
  ASSERT_EQ(listed.status, 200) << describe(listed);
  ASSERT_EQ(listed.json["data"].size(), 2u) << listed.body;
  EXPECT_EQ(listed.json["data"][0], second.json["message"]); // newest first
  EXPECT_EQ(listed.json["data"][1], message);
}

TEST_P(ApiConversationsTest, ToolCallsShowStoredJsonAsJsonValues) {
  const std::string id = create_conversation(server.alice_token, make_agent(server.alice))["id"].as_string();
  store::NewMessage reply_message;
  reply_message.role = "assistant";
  reply_message.content = "Let me look.";
  const auto message = server.context().conversations.append_message(server.alice.id, id, reply_message);
  sql("INSERT INTO tool_calls (id, message_id, conversation_id, name, arguments, status, result, created_at, "
      "completed_at) VALUES (?, ?, ?, 'calc', ?, 'succeeded', ?, 1764406800123, 1764406801000)",
      {store::new_id("tc_"), message.id, id, R"({"expression":"1+2"})", "not json"});

  const Reply shown = server.call("GET", kConversations + "/" + id, std::nullopt, server.alice_token);
  ASSERT_EQ(shown.status, 200) << describe(shown);
  const json::Value& call = shown.json["messages"][0]["tool_calls"][0];
  EXPECT_EQ(call["name"], json::Value("calc"));
  EXPECT_EQ(call["arguments"], json::parse(R"({"expression":"1+2"})")) << shown.body;
  EXPECT_EQ(call["result"], json::Value("not json")) << "text that is not JSON is shown as a string";
  EXPECT_EQ(call["status"], json::Value("succeeded"));
  EXPECT_TRUE(call["error"].is_null());
  EXPECT_EQ(call["created_at"], json::Value("2025-11-29T09:00:00.123Z"));
  EXPECT_EQ(call["completed_at"], json::Value("2025-11-29T09:00:01.000Z"));
}

TEST_P(ApiConversationsTest, UnknownOrForeignAgentIsUnprocessable) {
  const std::string bobs_agent = make_agent(server.bob);
  for (const std::string& agent : {std::string("agt_00000000000000000000000000"), bobs_agent}) {
    const Reply reply =
        server.call_json("POST", kConversations, json::Value::object({{"agent_id", agent}}), server.alice_token);
    EXPECT_EQ(reply.status, 422) << describe(reply);
    EXPECT_EQ(reply.error_field(), "agent_id") << describe(reply);
  }
  const Reply missing = server.call_json("POST", kConversations, json::Value::object(), server.alice_token);
  EXPECT_EQ(missing.status, 422) << describe(missing);
  EXPECT_EQ(missing.error_field(), "agent_id") << describe(missing);
}

TEST_P(ApiConversationsTest, AnotherUsersConversationIsNotFoundOnEveryRoute) {
  const std::string id = create_conversation(server.alice_token, make_agent(server.alice))["id"].as_string();
  const std::string path = kConversations + "/" + id;
  const json::Value message = json::Value::object({{"content", "hello"}});
  EXPECT_EQ(server.call("GET", path, std::nullopt, server.bob_token).status, 404);
  EXPECT_EQ(server.call("DELETE", path, std::nullopt, server.bob_token).status, 404);
  EXPECT_EQ(server.call("GET", path + "/messages", std::nullopt, server.bob_token).status, 404);
  const Reply posted = server.call_json("POST", path + "/messages", message, server.bob_token);
  EXPECT_EQ(posted.status, 404) << describe(posted);
  EXPECT_EQ(posted.error_type(), "not_found");
  EXPECT_EQ(server.call("GET", kConversations, std::nullopt, server.bob_token).json["data"].size(), 0u);

  const Reply still_there = server.call("GET", path, std::nullopt, server.alice_token);
  EXPECT_EQ(still_there.status, 200) << "bob's DELETE must not have removed it: " << describe(still_there);
  EXPECT_EQ(still_there.json["messages"].size(), 0u) << "bob's message must not have been stored";
}

TEST_P(ApiConversationsTest, ListFiltersByAgentAndStatus) {
  const std::string first_agent = make_agent(server.alice, "first");
  const std::string second_agent = make_agent(server.alice, "second");
  const std::string a = create_conversation(server.alice_token, first_agent)["id"].as_string();
  const std::string b = create_conversation(server.alice_token, second_agent)["id"].as_string();
  const std::string c = create_conversation(server.alice_token, second_agent)["id"].as_string();
  sql("UPDATE conversations SET status = 'running' WHERE id = ?", {c});

  const auto ids = [&](const std::string& query) {
    const Reply reply = server.call("GET", kConversations + query, std::nullopt, server.alice_token);
    EXPECT_EQ(reply.status, 200) << query << ": " << describe(reply);
    std::vector<std::string> found;
    for (const auto& item : reply.json["data"].as_array()) found.push_back(item["id"].as_string());
    return found;
  };
  EXPECT_EQ(ids(""), (std::vector<std::string>{c, b, a}));
  EXPECT_EQ(ids("?agent_id=" + second_agent), (std::vector<std::string>{c, b}));
  EXPECT_EQ(ids("?status=idle"), (std::vector<std::string>{b, a}));
  EXPECT_EQ(ids("?status=running&agent_id=" + second_agent), (std::vector<std::string>{c}));
  EXPECT_EQ(ids("?status=failed"), std::vector<std::string>{});

  const Reply bad = server.call("GET", kConversations + "?status=asleep", std::nullopt, server.alice_token);
  EXPECT_EQ(bad.status, 400) << describe(bad);
  EXPECT_NE(bad.error_message().find("idle"), std::string::npos) << "the message lists the valid statuses";
}

TEST_P(ApiConversationsTest, PagesStayStableWhileRowsAreInserted) {
  const std::string agent = make_agent(server.alice);
  std::vector<std::string> existing;
  for (int i = 0; i < 7; ++i)
    existing.insert(existing.begin(), create_conversation(server.alice_token, agent)["id"].as_string());

  const auto conversations =
      ids_of_all_pages(kConversations + "?limit=3", [&] { create_conversation(server.alice_token, agent); });
  EXPECT_EQ(conversations, existing) << "every row that existed, once, newest first; none inserted later";

  const std::string id = existing.front();
  std::vector<std::string> messages;
  for (int i = 0; i < 5; ++i) {
    store::NewMessage message;
    message.content = "message " + std::to_string(i);
    messages.insert(messages.begin(), server.context().conversations.append_message(server.alice.id, id, message).id);
  }
  const auto listed = ids_of_all_pages(kConversations + "/" + id + "/messages?limit=2", [&] {
    store::NewMessage message;
    message.content = "while paging";
    server.context().conversations.append_message(server.alice.id, id, message);
  });
  EXPECT_EQ(listed, messages);
}

TEST_P(ApiConversationsTest, BadPageParametersAreRejected) {
  for (const std::string query : {"?limit=0", "?limit=101", "?limit=ten", "?cursor=garbage"}) {
    EXPECT_EQ(server.call("GET", kConversations + query, std::nullopt, server.alice_token).status, 400) << query;
  }
}

TEST_P(ApiConversationsTest, MessageBodiesAreValidated) {
  const std::string id = create_conversation(server.alice_token, make_agent(server.alice))["id"].as_string();
  const std::string path = kConversations + "/" + id + "/messages";
  const std::string bobs_document = make_document(server.bob);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({})", "content"},
      {R"({"content":""})", "content"},
      {R"({"content":7})", "content"},
      {R"({"content":"hi","attachments":["doc_00000000000000000000000000"]})", "attachments[0]"},
      {R"({"content":"hi","attachments":[")" + bobs_document + R"("]})", "attachments[0]"},
      {R"({"content":"hi","attachments":"doc"})", "attachments"},
      {R"({"content":"hi","role":"assistant"})", "role"},
      {R"({"content":"hi","status":"complete"})", "status"},
      {R"({"content":"hi","colour":"blue"})", "colour"},
  };
  for (const auto& [body, field] : cases) {
    const Reply reply = server.call("POST", path, body, server.alice_token);
    EXPECT_EQ(reply.status, 422) << body << " → " << describe(reply);
    EXPECT_EQ(reply.error_field(), field) << body << " → " << describe(reply);
  }
  const Reply shown = server.call("GET", kConversations + "/" + id, std::nullopt, server.alice_token);
  EXPECT_EQ(shown.json["messages"].size(), 0u) << "no rejected message was stored: " << shown.body;
}

TEST_P(ApiConversationsTest, ReadOnlyAndUnknownFieldsAreRejectedOnCreate) {
  const std::string agent = make_agent(server.alice);
  for (const std::string field :
       {"id", "owner_id", "created_at", "turn_count", "total_tokens", "last_activity_at", "status", "colour"}) {
    json::Value body = json::Value::object({{"agent_id", agent}});
    body.set(field, "x");
    const Reply reply = server.call_json("POST", kConversations, body, server.alice_token);
    EXPECT_EQ(reply.status, 422) << field << ": " << describe(reply);
    EXPECT_EQ(reply.error_field(), field) << describe(reply);
  }
  EXPECT_EQ(server.call("GET", kConversations, std::nullopt, server.alice_token).json["data"].size(), 0u);
}

// The statements a request runs do not grow with the rows it returns (no N+1 queries).
TEST_P(ApiConversationsTest, ListingCostsTheSameForOneOrAHundredConversations) {
  const std::string agent = make_agent(server.alice);
  create_conversation(server.alice_token, agent);
  const Reply one = server.call("GET", kConversations + "?limit=100", std::nullopt, server.alice_token);
  for (int i = 0; i < 99; ++i) server.context().conversations.create(server.alice.id, agent, std::nullopt);
  const Reply hundred = server.call("GET", kConversations + "?limit=100", std::nullopt, server.alice_token);
  ASSERT_EQ(hundred.json["data"].size(), 100u) << describe(hundred);
  EXPECT_EQ(hundred.queries(), one.queries());
}

TEST_P(ApiConversationsTest, ShowingCostsTheSameForOneOrTwoHundredMessages) {
  const std::string agent = make_agent(server.alice);
  const std::string small = create_conversation(server.alice_token, agent)["id"].as_string();
  const std::string large = create_conversation(server.alice_token, agent)["id"].as_string();
  insert_messages(small, 1, "hello");
  insert_messages(large, 200, "hello");

  const Reply one = server.call("GET", kConversations + "/" + small, std::nullopt, server.alice_token);
  const Reply many = server.call("GET", kConversations + "/" + large, std::nullopt, server.alice_token);
  ASSERT_EQ(many.status, 200) << describe(many);
  ASSERT_EQ(many.json["messages"].size(), 200u);
  for (const auto& message : many.json["messages"].as_array()) {
    ASSERT_EQ(message["tool_calls"].size(), 1u) << json::dump(message);
    ASSERT_EQ(message["attachments"].size(), 1u) << json::dump(message);
  }
  EXPECT_EQ(many.queries(), one.queries());

  const Reply page_of_one =
      server.call("GET", kConversations + "/" + small + "/messages?limit=100", std::nullopt, server.alice_token);
  const Reply page_of_many =
      server.call("GET", kConversations + "/" + large + "/messages?limit=100", std::nullopt, server.alice_token);
  ASSERT_EQ(page_of_many.json["data"].size(), 100u) << describe(page_of_many);
  EXPECT_EQ(page_of_many.queries(), page_of_one.queries());
}

TEST_P(ApiConversationsTest, ListingConversationsDoesNotLoadMessages) {
  const std::string id = create_conversation(server.alice_token, make_agent(server.alice))["id"].as_string();
  insert_messages(id, 5, std::string(100, 's'));
  const Reply small = server.call("GET", kConversations, std::nullopt, server.alice_token);
  insert_messages(id, 5, std::string(100 * 1024, 'L'));
  const Reply large = server.call("GET", kConversations, std::nullopt, server.alice_token);
  ASSERT_EQ(large.status, 200) << describe(large);
  EXPECT_EQ(large.queries(), small.queries());
  EXPECT_EQ(large.body, small.body) << "the list shows no message content, so 100-KB messages change nothing";
}

INSTANTIATE_TEST_SUITE_P(Engines, ApiConversationsTest, store::testing::both_engines(), store::testing::engine_name);

} // namespace
} // namespace agenthost::http::testing
