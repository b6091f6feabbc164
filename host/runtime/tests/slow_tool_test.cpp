// Turns whose tools are slow, on SQLite and PostgreSQL, with the real scripted backend and the
// test plugin "sleepy": a tool past [runtime] tool_timeout_seconds fails with an error the model
// sees and the turn goes on; a cancel while a tool (or the reply) runs ends the turn promptly
// with a consistent transcript. Bounds on time are generous ("within 5 s"), never tight.
#include "runtime/tests/turn_harness.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::runtime {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::EventWatcher;
using testing::TurnHarness;
using Clock = std::chrono::steady_clock;

// A reply that calls `tool` for `sleep_ms` and has no `then`: after the tool round the scripted
// backend lists the tool results it was sent ("name: content"), which shows what the model saw.
std::string script_calling(const std::string& tool, int sleep_ms) {
  return R"({"replies":[
    {"match": "stream", "steps": [{"text": "Here is the first part"}, {"pause_ms": 60000}, {"text": " and the rest"}]},
    {"steps": [{"text": "Let me wait."},
               {"tool_call": {"name": ")" + tool + R"(", "arguments": {"sleep_ms": )" + std::to_string(sleep_ms) + R"(}}}]}
  ]})";
}

TurnSettings settings_with_tool_timeout(std::chrono::milliseconds timeout) {
  TurnSettings settings;
  settings.tool_timeout = timeout;
  settings.coalesce = 0ms;
  return settings;
}

json::Value data_of(const events::Event& event) { return json::parse(event.data_json); }

store::ToolCallRecord only_tool_call(const store::ConversationDetail& detail) {
  for (const store::MessageRecord& message : detail.messages)
    if (!message.tool_calls.empty()) return message.tool_calls.front();
  ADD_FAILURE() << "no message with a tool call";
  return {};
}

class SlowToolTest : public ::testing::TestWithParam<store::Engine> {};

TEST_P(SlowToolTest, AToolPastTheTimeoutFailsWithAClearErrorAndTheTurnGoesOn) {
  TurnHarness turn(GetParam(), script_calling("sleepy", 60000), settings_with_tool_timeout(300ms));
  turn.pools->start();
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  turn.post(conversation_id, "take a nap");

  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  EXPECT_EQ(end->type, "turn.completed") << end->data_json;

  const std::vector<events::Event> completed = watcher.of_type("tool_call.completed");
  ASSERT_EQ(completed.size(), 1u);
  const std::string error = data_of(completed[0])["error"].as_string();
  EXPECT_THAT(error, HasSubstr("did not finish within 300 ms"));
  EXPECT_THAT(error, HasSubstr("tool_timeout_seconds"));

  const store::ConversationDetail detail = turn.detail(conversation_id);
  EXPECT_EQ(detail.conversation.status, "idle");
  EXPECT_FALSE(detail.conversation.active_job_id);
  const store::ToolCallRecord call = only_tool_call(detail);
  EXPECT_EQ(call.status, "failed");
  EXPECT_EQ(call.error, error);
  // The follow-up backend call got the error as the tool's result and answered after it.
  const store::MessageRecord& last = detail.messages.back();
  EXPECT_EQ(last.role, "assistant");
  EXPECT_EQ(last.status, "complete");
  EXPECT_THAT(last.content, HasSubstr("sleepy: error: tool 'sleepy' did not finish within 300 ms"));
}

TEST_P(SlowToolTest, AToolThatIgnoresCancellationDoesNotHoldTheTurnPastTheTimeout) {
  TurnHarness turn(GetParam(), script_calling("stubborn", 4000), settings_with_tool_timeout(300ms));
  turn.pools->start();
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  turn.post(conversation_id, "take a nap");

  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  EXPECT_EQ(end->type, "turn.completed") << end->data_json;
  // The turn ended while the tool was still sleeping (it logs when it wakes).
  EXPECT_EQ(turn.plugin_services.log.containing("stubborn finished"), "");
  EXPECT_EQ(only_tool_call(turn.detail(conversation_id)).status, "failed");
}

TEST_P(SlowToolTest, CancellingWhileAToolRunsEndsTheTurnPromptlyWithACancelledMarker) {
  TurnHarness turn(GetParam(), script_calling("sleepy", 60000), settings_with_tool_timeout(60s));
  turn.pools->start();
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  const TurnService::Posted posted = turn.post(conversation_id, "take a long nap");
  ASSERT_TRUE(watcher.wait_for("tool_call.started"));

  const auto cancelled_at = Clock::now();
  EXPECT_EQ(turn.service->cancel(turn.owner.id, conversation_id), posted.job.id);
  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  EXPECT_EQ(end->type, "turn.cancelled") << end->data_json;
  EXPECT_LT(Clock::now() - cancelled_at, 5s) << "the 60 s tool held the cancelled turn";
  EXPECT_EQ(end->job_id, posted.job.id);

  const std::vector<events::Event> completed = watcher.of_type("tool_call.completed");
  ASSERT_EQ(completed.size(), 1u);
  EXPECT_THAT(data_of(completed[0])["error"].as_string(), StartsWith("cancelled"));
  const store::ConversationDetail detail = turn.detail(conversation_id);
  EXPECT_EQ(detail.conversation.status, "idle");
  EXPECT_FALSE(detail.conversation.active_job_id);
  const store::ToolCallRecord call = only_tool_call(detail);
  EXPECT_EQ(call.status, "failed");
  EXPECT_THAT(call.error.value_or(""), StartsWith("cancelled"));
  // Every tool call is answered in the transcript.
  EXPECT_EQ(detail.messages.back().role, "tool");
  EXPECT_EQ(detail.messages.back().tool_call_id, call.id);
  EXPECT_TRUE(queue::testing::eventually([&] { return turn.jobs.find(posted.job.id)->state == "cancelled"; }));
  EXPECT_EQ(watcher.of_type("turn.cancelled").size(), 1u);
  EXPECT_TRUE(watcher.of_type("turn.failed").empty());
}

TEST_P(SlowToolTest, CancellingWhileAToolIgnoresItStillEndsTheTurn) {
  TurnHarness turn(GetParam(), script_calling("stubborn", 3000), settings_with_tool_timeout(60s));
  turn.pools->start();
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  turn.post(conversation_id, "take a stubborn nap");
  ASSERT_TRUE(watcher.wait_for("tool_call.started"));

  turn.service->cancel(turn.owner.id, conversation_id);
  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  EXPECT_EQ(end->type, "turn.cancelled") << end->data_json;
  EXPECT_EQ(turn.plugin_services.log.containing("stubborn finished"), "") << "the turn waited for the tool";
  const store::ToolCallRecord call = only_tool_call(turn.detail(conversation_id));
  EXPECT_THAT(call.error.value_or(""), StartsWith("cancelled"));
}

TEST_P(SlowToolTest, CancellingWhileTheReplyStreamsKeepsThePartialTextAsIncomplete) {
  TurnHarness turn(GetParam(), script_calling("sleepy", 0), settings_with_tool_timeout(60s));
  turn.pools->start();
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  turn.post(conversation_id, "stream something");
  // The first part streams, then the backend pauses for a minute.
  ASSERT_TRUE(queue::testing::eventually([&] {
    std::string text;
    for (const events::Event& delta : watcher.of_type("message.delta")) text += data_of(delta)["text"].as_string();
    return text == "Here is the first part";
  }));

  const auto cancelled_at = Clock::now();
  turn.service->cancel(turn.owner.id, conversation_id);
  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  EXPECT_EQ(end->type, "turn.cancelled") << end->data_json;
  EXPECT_LT(Clock::now() - cancelled_at, 5s) << "the backend's pause held the cancelled turn";

  const store::ConversationDetail detail = turn.detail(conversation_id);
  const store::MessageRecord& last = detail.messages.back();
  EXPECT_EQ(last.role, "assistant");
  EXPECT_EQ(last.status, "incomplete");
  EXPECT_EQ(last.content, "Here is the first part");
  const std::vector<events::Event> messages = watcher.of_type("message.completed");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(data_of(messages[0])["message"]["status"], json::Value("incomplete"));
  EXPECT_EQ(detail.conversation.status, "idle");
}

INSTANTIATE_TEST_SUITE_P(Engines, SlowToolTest, store::testing::both_engines(), store::testing::engine_name);

} // namespace
} // namespace agenthost::runtime
