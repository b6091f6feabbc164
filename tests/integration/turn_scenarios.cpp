#include "turn_scenarios.hpp"

#include "build_paths.hpp"
#include "json_log.hpp"

#include <gtest/gtest.h>

namespace agenthost::integration {

std::string turn_test_config(int token_delay_ms, const std::string& store_url, const std::string& extra) {
  std::string config;
  if (!store_url.empty()) config += "[store]\nurl = " + store_url + "\n\n";
  config += "[backend.demo]\nplugin = scripted\ntoken_delay_ms = " + std::to_string(token_delay_ms) +
            "\nscript = " + source_dir() + "/config/demo-script.json\n\n"
            "[tool.calculator]\nplugin = calculator\n\n"
            "[tool.clock]\nplugin = clock\n\n"
            "[agent.demo]\nbackend = demo\nmodel = demo\ntools = calculator, clock\n"
            "system_prompt = You are a helpful assistant.\n\n";
  return config + extra;
}

TurnClient::TurnClient(const RunningHost& host) : port_(host.port.value_or(0)), token_(admin_token_printed_by(*host.process)) {}

TurnClient::TurnClient(int port, std::string token) : port_(port), token_(std::move(token)) {}

std::string TurnClient::new_conversation() const {
  const json::Value agents = json_of(api_call(port_, "GET", "/api/v1/agents?limit=100", token_));
  std::string agent_id;
  if (agents["data"].is_array()) {
    for (const json::Value& agent : agents["data"].as_array())
      if (text_of(agent["name"]) == "demo") agent_id = text_of(agent["id"]);
  }
  EXPECT_FALSE(agent_id.empty()) << "no demo agent: " << json::dump(agents);
  const HttpReply created =
      api_call(port_, "POST", "/api/v1/conversations", token_, json::Value::object({{"agent_id", agent_id}}));
  EXPECT_EQ(created.status, 201) << created.body;
  return text_of(json_of(created)["id"]);
}

HttpReply TurnClient::post_message(const std::string& conversation_id, const std::string& content) const {
  return api_call(port_, "POST", "/api/v1/conversations/" + conversation_id + "/messages", token_,
                  json::Value::object({{"content", content}}));
}

HttpReply TurnClient::cancel(const std::string& conversation_id) const {
  return api_call(port_, "POST", "/api/v1/conversations/" + conversation_id + "/cancel", token_,
                  json::Value::object());
}

json::Value TurnClient::conversation(const std::string& conversation_id) const {
  return json_of(api_call(port_, "GET", "/api/v1/conversations/" + conversation_id, token_));
}

SseClient TurnClient::events(const std::string& conversation_id, const std::string& query) const {
  return SseClient(port_, token_, conversation_id, query);
}

void expect_streamed_tool_turn(const TurnClient& client) {
  const std::string conversation_id = client.new_conversation();
  const HttpReply posted = client.post_message(conversation_id, "What is 6 * 7?");
  ASSERT_EQ(posted.status, 202) << posted.body;
  const json::Value accepted = json_of(posted);
  EXPECT_EQ(text_of(accepted["message"]["role"]), "user");
  EXPECT_EQ(text_of(accepted["job"]["type"]), "turn");
  EXPECT_EQ(accepted["job"]["max_attempts"], json::Value(1));
  const std::string job_id = text_of(accepted["job"]["id"]);
  ASSERT_FALSE(job_id.empty()) << posted.body;

  SseClient stream = client.events(conversation_id);
  const std::vector<SseEvent> events = stream.until_terminal();
  ASSERT_FALSE(events.empty()) << "no events";
  std::string types;
  for (const SseEvent& event : events) types += event.type + " ";
  EXPECT_EQ(events.front().type, "turn.started") << types;
  ASSERT_EQ(events.back().type, "turn.completed") << types;
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(text_of(events[i].data["job_id"]), job_id) << "event " << events[i].type << " lacks the turn's job id";
    if (i > 0) {
      EXPECT_GT(events[i].id, events[i - 1].id) << "ids increase";
    }
  }
  EXPECT_EQ(delta_text(events), "Let me work that out with the calculator.The calculator says 6 * 7 = 42.");

  const auto started = of_type(events, "tool_call.started");
  const auto completed = of_type(events, "tool_call.completed");
  ASSERT_EQ(started.size(), 1u) << types;
  ASSERT_EQ(completed.size(), 1u) << types;
  EXPECT_EQ(text_of(started[0].data["name"]), "calculator");
  EXPECT_EQ(json::dump(started[0].data["arguments"]), R"({"expression":"6 * 7"})");
  EXPECT_EQ(completed[0].data["id"], started[0].data["id"]);
  EXPECT_EQ(completed[0].data["result"], json::Value(42)) << json::dump(completed[0].data);
  const auto messages = of_type(events, "message.completed");
  ASSERT_EQ(messages.size(), 2u) << types;
  EXPECT_EQ(text_of(messages[1].data["message"]["content"]), "The calculator says 6 * 7 = 42.");
  EXPECT_GT(events.back().data["usage"]["total_tokens"].as_int(), 0);

  // The transcript as GET shows it: the same messages, the call with its result, counters.
  const json::Value conversation = client.conversation(conversation_id);
  EXPECT_EQ(text_of(conversation["status"]), "idle");
  EXPECT_EQ(conversation["turn_count"], json::Value(1));
  EXPECT_EQ(conversation["total_tokens"], events.back().data["usage"]["total_tokens"]);
  const json::Value& transcript = conversation["messages"];
  ASSERT_EQ(transcript.size(), 4u) << json::dump(conversation);
  EXPECT_EQ(text_of(transcript[0]["role"]), "user");
  EXPECT_EQ(text_of(transcript[1]["role"]), "assistant");
  EXPECT_EQ(text_of(transcript[1]["tool_calls"][0]["status"]), "succeeded");
  EXPECT_EQ(transcript[1]["tool_calls"][0]["result"], json::Value(42));
  EXPECT_EQ(text_of(transcript[2]["role"]), "tool");
  EXPECT_EQ(text_of(transcript[2]["content"]), "42");
  EXPECT_EQ(transcript[3], messages[1].data["message"]) << "message.completed carries the message as GET shows it";

  // The turn is over: the next message is accepted at once.
  const HttpReply next = client.post_message(conversation_id, "thanks");
  EXPECT_EQ(next.status, 202) << next.body;
  const std::vector<SseEvent> second = client.events(conversation_id, "?after=" + std::to_string(events.back().id)).until_terminal();
  ASSERT_FALSE(second.empty());
  EXPECT_EQ(second.back().type, "turn.completed");
  EXPECT_EQ(delta_text(second), "thanks") << "messages without a script reply are echoed";
}

} // namespace agenthost::integration
