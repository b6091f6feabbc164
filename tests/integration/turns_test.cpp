// Turns with the real binary on SQLite: a streamed turn with a tool call, one turn at a time,
// cancel, parallel tool calls, the iteration cap, kill -9 in the middle of a turn, and 2,000
// watchers of one turn. The scenarios shared with PostgreSQL live in turn_scenarios.hpp.
#include "json_log.hpp"
#include "turn_scenarios.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace agenthost::integration {
namespace {

TEST(Turns, StreamAToolCallOverSse) {
  const ScratchDeployment deployment(turn_test_config(1));
  RunningHost host = deployment.serve();
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  expect_streamed_tool_turn(TurnClient(host));
  EXPECT_EQ(stop(host), 0);
}

TEST(Turns, OneAtATimeAndCancelKeepsThePartialReply) { expect_one_turn_at_a_time_and_cancel(""); }

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

TEST(Turns, KillNineMidTurnThenRestartFailsTheTurnAndKeepsItsText) { expect_kill_nine_mid_turn_recovery(""); }

TEST(Turns, TwoThousandWatchersOnThirtyTwoHttpThreadsSeeATurn) { expect_many_watchers_see_a_turn("", 2000); }

} // namespace
} // namespace agenthost::integration
