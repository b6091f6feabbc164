// A turn's job record keeps what the turn did however it ended, on SQLite and PostgreSQL: a
// turn that fails after a backend call and a tool call that used the host cache, one cancelled
// mid-reply, one stopped by its job timeout and one stopped by shutdown all carry the same
// {"usage", "context", "cache"} result a succeeded turn does.
#include "runtime/tests/cache_probe_setup.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace agenthost::runtime {
namespace {

using namespace std::chrono_literals;
using testing::EventWatcher;
using testing::TurnHarness;

// Every reply first calls the cache_probe tool (one cache miss), then: "fail" breaks the second
// backend call after part of its reply, "wait" streams a little and then pauses until stopped,
// anything else answers.
constexpr const char* kScript = R"({"replies":[
  {"match": "fail",
   "steps": [{"tool_call": {"name": "probe", "arguments": {"op": "fetch", "key": "https://example.com/"}}}],
   "then": [{"text": "half an answer"},
            {"error": {"status": "invalid_argument", "message": "the scripted upstream broke"}}]},
  {"match": "wait",
   "steps": [{"tool_call": {"name": "probe", "arguments": {"op": "fetch", "key": "https://example.com/"}}}],
   "then": [{"text": "partial"}, {"pause_ms": 600000}]},
  {"steps": [{"tool_call": {"name": "probe", "arguments": {"op": "fetch", "key": "https://example.com/"}}}],
   "then": [{"text": "done"}]}
]})";

testing::TurnSetup result_setup(int pool_timeout_seconds = 60) {
  testing::TurnSetup setup = testing::cache_probe_setup(kScript);
  setup.pool_timeout_seconds = pool_timeout_seconds;
  // A stopped turn always returns (and so has its outcome recorded) before the queue would
  // settle its job behind its back.
  setup.tuning.timeout_grace = 60s;
  return setup;
}

std::vector<std::string> keys_of(const json::Value& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.as_object()) keys.push_back(key);
  return keys;
}

// A finished turn job's result, checked against what the turn did: both backend calls have a
// context record, the tool's cache miss is counted, and the usage is what the conversation was
// charged.
void expect_full_result(TurnHarness& turn, const std::string& conversation_id, const queue::JobRecord& job) {
  ASSERT_TRUE(job.result_json) << job.state << " turn job has no result";
  const json::Value result = json::parse(*job.result_json);
  EXPECT_EQ(keys_of(result), (std::vector<std::string>{"usage", "context", "cache"})) << *job.result_json;
  EXPECT_EQ(result["context"].size(), 2u) << "one record per backend call: " << *job.result_json;
  EXPECT_EQ(result["cache"]["misses"].as_int(), 1) << *job.result_json;
  EXPECT_GT(result["usage"]["input_tokens"].as_int(), 0) << *job.result_json;
  EXPECT_EQ(result["usage"]["total_tokens"].as_int(), turn.detail(conversation_id).conversation.total_tokens);
}

class TurnJobResultTest : public ::testing::TestWithParam<store::Engine> {};

TEST_P(TurnJobResultTest, SucceededTurnKeepsItsResult) {
  TurnHarness turn{GetParam(), result_setup()};
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  const TurnService::Posted posted = turn.post(conversation_id, "look it up");
  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end && end->type == "turn.completed") << (end ? end->data_json : "no end");
  const queue::JobRecord job = turn.finished_job(posted.job.id);
  EXPECT_EQ(job.state, "succeeded");
  expect_full_result(turn, conversation_id, job);
}

TEST_P(TurnJobResultTest, TurnFailingAfterABackendAndToolCallKeepsWhatItDid) {
  TurnHarness turn{GetParam(), result_setup()};
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  const TurnService::Posted posted = turn.post(conversation_id, "fail please");
  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end && end->type == "turn.failed") << (end ? end->data_json : "no end");
  const queue::JobRecord job = turn.finished_job(posted.job.id);
  EXPECT_EQ(job.state, "failed");
  EXPECT_EQ(job.error_type, "backend_error");
  expect_full_result(turn, conversation_id, job);
  EXPECT_GT(json::parse(*job.result_json)["usage"]["output_tokens"].as_int(), 0) << "the tool call's deltas";
}

TEST_P(TurnJobResultTest, CancelledTurnKeepsWhatItDid) {
  TurnHarness turn{GetParam(), result_setup()};
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  const TurnService::Posted posted = turn.post(conversation_id, "wait for it");
  ASSERT_TRUE(watcher.wait_for("message.delta")) << "the second backend call never streamed";
  EXPECT_EQ(turn.service->cancel(turn.owner.id, conversation_id), posted.job.id);
  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end && end->type == "turn.cancelled") << (end ? end->data_json : "no end");
  const queue::JobRecord job = turn.finished_job(posted.job.id);
  EXPECT_EQ(job.state, "cancelled");
  expect_full_result(turn, conversation_id, job);
}

TEST_P(TurnJobResultTest, TurnStoppedByItsJobTimeoutKeepsWhatItDid) {
  TurnHarness turn{GetParam(), result_setup(1)};
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  const TurnService::Posted posted = turn.post(conversation_id, "wait for it");
  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end && end->type == "turn.failed") << (end ? end->data_json : "no end");
  const queue::JobRecord job = turn.finished_job(posted.job.id);
  EXPECT_EQ(job.error_type, "timeout");
  // How far the turn got in its second is not fixed, so only the shape and the charge are.
  ASSERT_TRUE(job.result_json) << "timed-out turn job has no result";
  const json::Value result = json::parse(*job.result_json);
  EXPECT_EQ(keys_of(result), (std::vector<std::string>{"usage", "context", "cache"})) << *job.result_json;
  EXPECT_EQ(result["usage"]["total_tokens"].as_int(), turn.detail(conversation_id).conversation.total_tokens);
}

TEST_P(TurnJobResultTest, TurnStoppedByShutdownKeepsWhatItDid) {
  TurnHarness turn{GetParam(), result_setup()};
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  const TurnService::Posted posted = turn.post(conversation_id, "wait for it");
  ASSERT_TRUE(watcher.wait_for("message.delta")) << "the second backend call never streamed";
  turn.pools->stop(0s); // past its grace at once: the turn is told to stop, then its outcome recorded
  const queue::JobRecord job = *turn.jobs.find(posted.job.id);
  EXPECT_EQ(job.state, "failed");
  EXPECT_EQ(job.error_type, "shutdown");
  expect_full_result(turn, conversation_id, job);
}

INSTANTIATE_TEST_SUITE_P(Engines, TurnJobResultTest, store::testing::both_engines(), store::testing::engine_name);

} // namespace
} // namespace agenthost::runtime
