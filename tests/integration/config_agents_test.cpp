// [agent.NAME] sections become agents of the admin at start, updated in place when the config
// changes; and the README tour: the default deployment, driven with the printed admin token.
#include "agenthost/json.hpp"
#include "api_client.hpp"
#include "build_paths.hpp"
#include "json_log.hpp"
#include "scratch_deployment.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::integration {
namespace {

using ::testing::HasSubstr;

std::string agent_config(const std::string& model, const std::string& prompt) {
  return "[backend.demo]\nplugin = scripted\n\n"
         "[tool.calculator]\nplugin = calculator\n\n"
         "[tool.clock]\nplugin = clock\n\n"
         "[agent.helper]\nbackend = demo\nmodel = " +
         model + "\ntools = calculator, clock\nsystem_prompt = " + prompt +
         "\nsystem_prompt = Be brief.\ntemperature = 0.5\nmax_tokens = 256\n";
}

// The caller's agents named `name` in GET /api/v1/agents.
std::vector<json::Value> agents_named(int port, const std::string& token, const std::string& name) {
  const HttpReply reply = api_call(port, "GET", "/api/v1/agents?limit=100", token);
  EXPECT_EQ(reply.status, 200) << reply.body;
  std::vector<json::Value> found;
  const json::Value doc = json_of(reply);
  if (!doc["data"].is_array()) return found;
  for (const json::Value& agent : doc["data"].as_array())
    if (text_of(agent["name"]) == name) found.push_back(agent);
  return found;
}

TEST(ConfiguredAgents, AreCreatedForTheAdminAndUpdatedNotDuplicatedOnRestart) {
  const ScratchDeployment deployment(agent_config("model-one", "You help."));
  std::string token;
  std::string id;
  {
    RunningHost host = deployment.serve();
    ASSERT_TRUE(host.port) << host.process->stderr_text();
    token = admin_token_printed_by(*host.process);
    ASSERT_FALSE(token.empty()) << host.process->stdout_text();

    const std::vector<json::Value> helpers = agents_named(*host.port, token, "helper");
    ASSERT_EQ(helpers.size(), 1u);
    const json::Value& helper = helpers[0];
    id = text_of(helper["id"]);
    EXPECT_EQ(text_of(helper["backend"]), "demo");
    EXPECT_EQ(text_of(helper["model"]), "model-one");
    EXPECT_EQ(json::dump(helper["tools"]), R"(["calculator","clock"])");
    EXPECT_EQ(json::dump(helper["system_prompts"]), R"(["You help.","Be brief."])");
    EXPECT_EQ(helper["params"]["temperature"], json::Value(0.5)) << json::dump(helper);
    EXPECT_EQ(helper["params"]["max_tokens"], json::Value(256)) << json::dump(helper);

    ASSERT_TRUE(host.process->wait_for_stderr_line("agent created from config", std::chrono::seconds(10)));
    EXPECT_EQ(stop(host), 0);
  }

  deployment.rewrite_config(agent_config("model-two", "You help a lot."));
  RunningHost host = deployment.serve();
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  const std::vector<json::Value> helpers = agents_named(*host.port, token, "helper");
  ASSERT_EQ(helpers.size(), 1u) << "updated in place, not created again";
  EXPECT_EQ(text_of(helpers[0]["id"]), id);
  EXPECT_EQ(text_of(helpers[0]["model"]), "model-two");
  EXPECT_EQ(json::dump(helpers[0]["system_prompts"]), R"(["You help a lot.","Be brief."])");
  ASSERT_TRUE(host.process->wait_for_stderr_line("agent updated from config", std::chrono::seconds(10)))
      << host.process->stderr_text();
  EXPECT_EQ(stop(host), 0);
}

TEST(ConfiguredAgents, AreOwnedByTheAdminOnly) {
  const ScratchDeployment deployment(agent_config("m", "p"));
  RunningHost host = deployment.serve();
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  const RunResult bob = deployment.run({"users", "create", "bob"});
  ASSERT_EQ(bob.exit_status, 0) << describe(bob);
  const std::string bob_token = bob.out.substr(0, bob.out.find('\n'));
  EXPECT_TRUE(agents_named(*host.port, bob_token, "helper").empty()) << "another user's agents are invisible";
  EXPECT_EQ(stop(host), 0);
}

TEST(ConfiguredAgents, WithUsersButNoAdminTheHostRefusesToStartAndSaysWhatToDo) {
  const ScratchDeployment deployment(agent_config("m", "p"));
  ASSERT_EQ(deployment.run({"users", "create", "bob"}).exit_status, 0);
  RunningHost host = deployment.serve();
  EXPECT_FALSE(host.port);
  EXPECT_EQ(host.process->wait_for_exit(std::chrono::seconds(20)), 1);
  EXPECT_THAT(host.process->stderr_text(), HasSubstr("no admin user"));
  EXPECT_THAT(host.process->stderr_text(), HasSubstr("users create NAME --admin"));
}

// The README's five-minute tour, against config/agenthost.conf as shipped.
TEST(ReadmeTour, CreatesAnAgentAndAConversationWithThePrintedAdminToken) {
  ScratchDir data_dir;
  ProcessOptions options;
  options.working_dir = source_dir();
  RunningHost host;
  host.process = start_serve({"--listen", "127.0.0.1:0", "--data-dir", data_dir.path()}, options);
  host.port = wait_until_listening(*host.process);
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  const std::string token = admin_token_printed_by(*host.process);
  ASSERT_FALSE(token.empty()) << host.process->stdout_text();
  EXPECT_EQ(file_text(data_dir.file("admin.token")), token + "\n");

  EXPECT_EQ(api_call(*host.port, "GET", "/api/v1/agents", "").status, 401) << "no token, no API";
  ASSERT_EQ(agents_named(*host.port, token, "demo").size(), 1u) << "the config's [agent.demo]";

  json::Value agent_body = json::Value::object();
  agent_body.set("name", "tour");
  agent_body.set("backend", "demo");
  agent_body.set("model", "demo");
  agent_body.set("tools", json::Value::array({"calculator"}));
  agent_body.set("system_prompts", json::Value::array({"You are terse."}));
  const HttpReply agent = api_call(*host.port, "POST", "/api/v1/agents", token, agent_body);
  ASSERT_EQ(agent.status, 201) << agent.body;
  const std::string agent_id = text_of(json_of(agent)["id"]);

  json::Value conversation_body = json::Value::object();
  conversation_body.set("agent_id", agent_id);
  conversation_body.set("title", "first steps");
  const HttpReply conversation = api_call(*host.port, "POST", "/api/v1/conversations", token, conversation_body);
  ASSERT_EQ(conversation.status, 201) << conversation.body;
  const std::string conversation_id = text_of(json_of(conversation)["id"]);
  EXPECT_EQ(text_of(json_of(conversation)["agent_id"]), agent_id);

  json::Value message_body = json::Value::object();
  message_body.set("content", "What is 2 + 2?");
  const HttpReply message =
      api_call(*host.port, "POST", "/api/v1/conversations/" + conversation_id + "/messages", token, message_body);
  ASSERT_EQ(message.status, 202) << message.body;
  EXPECT_EQ(text_of(json_of(message)["message"]["role"]), "user");

  const HttpReply detail = api_call(*host.port, "GET", "/api/v1/conversations/" + conversation_id, token);
  ASSERT_EQ(detail.status, 200) << detail.body;
  const json::Value messages = json_of(detail)["messages"];
  ASSERT_TRUE(messages.is_array()) << detail.body;
  ASSERT_EQ(messages.as_array().size(), 1u) << detail.body;
  EXPECT_EQ(text_of(messages[0]["content"]), "What is 2 + 2?");
  EXPECT_EQ(stop(host), 0);
}

} // namespace
} // namespace agenthost::integration
