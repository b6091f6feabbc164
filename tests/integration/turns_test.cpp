// Turns with the real binary on SQLite: a streamed turn with a tool call, one turn at a time,
// cancel, parallel tool calls, the iteration cap, and kill -9 in the middle of a turn.
#include "json_log.hpp"
#include "turn_scenarios.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <fstream>

namespace agenthost::integration {
namespace {

using namespace std::chrono_literals;

// A reply long enough to still be streaming when the test acts on it.
std::string long_message() {
  std::string text = "count";
  for (int i = 1; i <= 300; ++i) text += " w" + std::to_string(i);
  return text;
}

// Reads events until at least `count` message.delta events arrived (or the stream ends).
std::vector<SseEvent> until_deltas(SseClient& stream, std::size_t count) {
  std::vector<SseEvent> events;
  while (of_type(events, "message.delta").size() < count) {
    std::optional<SseEvent> event = stream.next();
    if (!event) break;
    events.push_back(std::move(*event));
  }
  return events;
}

TEST(Turns, StreamAToolCallOverSse) {
  const ScratchDeployment deployment(turn_test_config(1));
  RunningHost host = deployment.serve();
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  expect_streamed_tool_turn(TurnClient(host));
  EXPECT_EQ(stop(host), 0);
}

TEST(Turns, OneAtATimeAndCancelKeepsThePartialReply) {
  const ScratchDeployment deployment(turn_test_config(20));
  RunningHost host = deployment.serve();
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  const TurnClient client(host);
  const std::string conversation_id = client.new_conversation();
  const HttpReply posted = client.post_message(conversation_id, long_message());
  ASSERT_EQ(posted.status, 202) << posted.body;

  const HttpReply second = client.post_message(conversation_id, "me too");
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(text_of(json_of(second)["error"]["type"]), "conflict");

  SseClient stream = client.events(conversation_id);
  std::vector<SseEvent> events = until_deltas(stream, 2);
  ASSERT_GE(of_type(events, "message.delta").size(), 2u) << "the reply never started streaming";
  const HttpReply cancelled = client.cancel(conversation_id);
  EXPECT_EQ(cancelled.status, 202) << cancelled.body;
  for (SseEvent& event : stream.until_terminal()) events.push_back(std::move(event));
  ASSERT_EQ(events.back().type, "turn.cancelled");
  EXPECT_EQ(of_type(events, "turn.completed").size() + of_type(events, "turn.failed").size(), 0u);

  const auto stored = of_type(events, "message.completed");
  ASSERT_EQ(stored.size(), 1u);
  const json::Value& partial = stored[0].data["message"];
  EXPECT_EQ(text_of(partial["status"]), "incomplete");
  EXPECT_EQ(text_of(partial["content"]), delta_text(events)) << "no text lost or repeated";
  EXPECT_LT(text_of(partial["content"]).size(), long_message().size()) << "it stopped early";

  const json::Value conversation = client.conversation(conversation_id);
  EXPECT_EQ(text_of(conversation["status"]), "idle");
  EXPECT_EQ(conversation["messages"].size(), 2u);
  EXPECT_EQ(client.cancel(conversation_id).status, 409) << "nothing runs any more";

  ASSERT_EQ(client.post_message(conversation_id, "hello again").status, 202);
  const std::vector<SseEvent> next = client.events(conversation_id, "?after=" + std::to_string(events.back().id)).until_terminal();
  ASSERT_FALSE(next.empty());
  EXPECT_EQ(next.back().type, "turn.completed");
  EXPECT_EQ(stop(host), 0);
}

// A script of its own: one reply calls two tools at once, one keeps calling a tool forever.
std::string write_tool_script(const ScratchDeployment& deployment) {
  const std::string dir = deployment.config_file().substr(0, deployment.config_file().rfind('/'));
  const std::string path = dir + "/tools.json";
  std::ofstream(path) << R"({"replies": [
    {"match": "both", "steps": [
        {"tool_call": {"name": "clock", "arguments": {"timezone": "UTC"}}},
        {"tool_call": {"name": "calculator", "arguments": {"expression": "2^10"}}}],
     "then": [{"text": "Both answered."}]},
    {"match": "forever", "steps": [{"tool_call": {"name": "calculator", "arguments": {"expression": "1 + 1"}}}],
     "then": [{"tool_call": {"name": "calculator", "arguments": {"expression": "1 + 1"}}}]}
  ]})";
  return path;
}

std::string tool_script_config(const std::string& script) {
  return "[runtime]\nmax_iterations = 3\n\n[backend.demo]\nplugin = scripted\ntoken_delay_ms = 1\nscript = " + script +
         "\n\n[tool.calculator]\nplugin = calculator\n\n[tool.clock]\nplugin = clock\n\n"
         "[agent.demo]\nbackend = demo\nmodel = demo\ntools = calculator, clock\n";
}

TEST(Turns, ParallelToolCallsAndTheIterationCap) {
  const ScratchDeployment deployment("");
  deployment.rewrite_config(tool_script_config(write_tool_script(deployment)));
  RunningHost host = deployment.serve();
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  const TurnClient client(host);

  const std::string both = client.new_conversation();
  ASSERT_EQ(client.post_message(both, "use both tools").status, 202);
  const std::vector<SseEvent> events = client.events(both).until_terminal();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().type, "turn.completed");
  const auto completed = of_type(events, "tool_call.completed");
  ASSERT_EQ(completed.size(), 2u);
  for (const SseEvent& call : completed) EXPECT_FALSE(call.data.contains("error")) << json::dump(call.data);
  EXPECT_EQ(delta_text(events), "Both answered.");

  const std::string looping = client.new_conversation();
  ASSERT_EQ(client.post_message(looping, "call forever").status, 202);
  const std::vector<SseEvent> capped = client.events(looping).until_terminal();
  ASSERT_FALSE(capped.empty());
  ASSERT_EQ(capped.back().type, "turn.failed");
  EXPECT_EQ(text_of(capped.back().data["error"]["type"]), "max_iterations");
  EXPECT_NE(text_of(capped.back().data["error"]["message"]).find("max_iterations"), std::string::npos);
  EXPECT_EQ(of_type(capped, "tool_call.completed").size(), 3u) << "one tool round per backend call";

  const json::Value conversation = client.conversation(looping);
  EXPECT_EQ(text_of(conversation["status"]), "failed");
  for (const json::Value& message : conversation["messages"].as_array()) {
    for (const json::Value& call : message["tool_calls"].as_array())
      EXPECT_EQ(text_of(call["status"]), "succeeded") << "every call has its result: " << json::dump(call);
  }
  EXPECT_EQ(stop(host), 0);
}

TEST(Turns, KillNineMidTurnThenRestartFailsTheTurnAndKeepsItsText) {
  // Short leases so the dead worker's turn is recovered within seconds of the restart.
  const ScratchDeployment deployment(
      turn_test_config(20, "", "[queue]\nlease_seconds = 5\nheartbeat_seconds = 1\nrecovery_interval_seconds = 1\n"));
  std::string token;
  std::string conversation_id;
  std::string job_id;
  {
    RunningHost host = deployment.serve();
    ASSERT_TRUE(host.port) << host.process->stderr_text();
    const TurnClient client(host);
    token = client.token();
    conversation_id = client.new_conversation();
    const HttpReply posted = client.post_message(conversation_id, long_message());
    ASSERT_EQ(posted.status, 202) << posted.body;
    job_id = text_of(json_of(posted)["job"]["id"]);
    SseClient stream = client.events(conversation_id);
    ASSERT_GE(of_type(until_deltas(stream, 3), "message.delta").size(), 3u);
    host.process->send_signal(SIGKILL);
    ASSERT_TRUE(host.process->wait_for_exit(10s));
  }

  RunningHost host = deployment.serve();
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  const TurnClient client(*host.port, token);
  const std::vector<SseEvent> events = client.events(conversation_id).until_terminal(60s);
  ASSERT_FALSE(events.empty());
  ASSERT_EQ(events.back().type, "turn.failed") << host.process->stderr_text();
  EXPECT_EQ(text_of(events.back().data["job_id"]), job_id);
  EXPECT_EQ(text_of(events.back().data["error"]["type"]), "worker_lost");

  const json::Value conversation = client.conversation(conversation_id);
  EXPECT_EQ(text_of(conversation["status"]), "failed") << "not stuck running";
  const json::Value& messages = conversation["messages"];
  ASSERT_EQ(messages.size(), 2u) << json::dump(conversation);
  EXPECT_EQ(text_of(messages[0]["content"]), long_message()) << "the user's message survived";
  EXPECT_EQ(text_of(messages[1]["status"]), "incomplete");
  EXPECT_FALSE(text_of(messages[1]["content"]).empty());
  EXPECT_EQ(text_of(messages[1]["content"]), delta_text(events)) << "the partial text is what was streamed";

  ASSERT_EQ(client.post_message(conversation_id, "are you back?").status, 202);
  const std::vector<SseEvent> next = client.events(conversation_id, "?after=" + std::to_string(events.back().id)).until_terminal();
  ASSERT_FALSE(next.empty());
  EXPECT_EQ(next.back().type, "turn.completed");
  EXPECT_EQ(stop(host), 0);
}

} // namespace
} // namespace agenthost::integration
