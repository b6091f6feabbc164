// Orphaned turns, on SQLite and PostgreSQL: the host died after the queue finished a turn's job
// (worker_lost, timeout, shutdown, cancelled while queued) but before abandoned() ended the
// turn, so the conversation still names the job as its running turn. TurnRunner::reconcile()
// (run by the worker pools at start and every recovery interval) ends such turns once.
#include "runtime/tests/turn_harness.hpp"

#include "runtime/turn_events.hpp"
#include "store/timestamps.hpp"

#include <gtest/gtest.h>

namespace agenthost::runtime {
namespace {

using namespace std::chrono_literals;
using testing::TurnHarness;

constexpr const char* kEchoScript = R"({"replies":[{"steps":[{"text":"ok"}]}]})";

class TurnReconcileTest : public ::testing::TestWithParam<store::Engine> {
protected:
  // A posted turn (pools never started, so it stays queued) that streamed `partial` before
  // its host died.
  std::string orphan_turn(const std::string& conversation_id, const std::string& partial) {
    const std::string job_id = turn.post(conversation_id, "hello").job.id;
    turn.events.append(conversation_id, job_id, "turn.started", "{}");
    if (!partial.empty()) {
      turn.events.append(conversation_id, job_id, "message.delta", json::dump(json::Value::object({{"text", partial}})));
    }
    return job_id;
  }
  // What the queue wrote before the host died: the job finished, `finished_ago` ago.
  void finish_job_in_db(const std::string& job_id, const std::string& state, const std::string& error_type,
                        std::chrono::milliseconds finished_ago = 60s) {
    const std::int64_t at = store::now_ms() - finished_ago.count();
    store::Connection connection = turn.scratch.database().connect();
    connection.execute("UPDATE jobs SET state = ?, error_type = ?, error = ?, finished_at = ?, updated_at = ? "
                       "WHERE id = ?",
                       {state, error_type, std::string("set by the test"), at, at, job_id});
  }
  std::vector<events::Event> events_of(const std::string& conversation_id) {
    return turn.events.read_after(conversation_id, 0, 1000);
  }
  std::vector<events::Event> terminal_events(const std::string& conversation_id) {
    std::vector<events::Event> out;
    for (const events::Event& event : events_of(conversation_id))
      if (is_terminal_event(event.type)) out.push_back(event);
    return out;
  }

  TurnHarness turn{GetParam(), kEchoScript, TurnSettings{}};
};

TEST_P(TurnReconcileTest, EndsATurnWhoseJobFailedBehindItsBackOnceAndKeepsThePartialText) {
  const std::string conversation_id = turn.new_conversation();
  const std::string job_id = orphan_turn(conversation_id, "half an ans");
  finish_job_in_db(job_id, "failed", "worker_lost");
  ASSERT_EQ(turn.detail(conversation_id).conversation.status, "running");

  turn.runner->reconcile();

  const std::vector<events::Event> ends = terminal_events(conversation_id);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(ends[0].type, "turn.failed");
  EXPECT_EQ(ends[0].job_id, job_id);
  EXPECT_EQ(json::parse(ends[0].data_json)["error"]["type"], json::Value("worker_lost"));
  const store::ConversationDetail detail = turn.detail(conversation_id);
  EXPECT_EQ(detail.conversation.status, "failed");
  EXPECT_FALSE(detail.conversation.active_job_id);
  ASSERT_EQ(detail.messages.size(), 2u);
  EXPECT_EQ(detail.messages[1].role, "assistant");
  EXPECT_EQ(detail.messages[1].status, "incomplete");
  EXPECT_EQ(detail.messages[1].content, "half an ans");

  // A second pass (or another host's) finds nothing to do.
  const std::size_t events_after_first = events_of(conversation_id).size();
  turn.runner->reconcile();
  EXPECT_EQ(events_of(conversation_id).size(), events_after_first);
  EXPECT_EQ(turn.detail(conversation_id).messages.size(), 2u);
  EXPECT_EQ(turn.detail(conversation_id).conversation.turn_count, detail.conversation.turn_count);
}

TEST_P(TurnReconcileTest, UsesTheJobsErrorTypeAndCancelsATurnCancelledWhileQueued) {
  const std::string timed_out = turn.new_conversation();
  finish_job_in_db(orphan_turn(timed_out, ""), "failed", "timeout");
  const std::string cancelled = turn.new_conversation();
  finish_job_in_db(orphan_turn(cancelled, ""), "cancelled", "cancelled");

  turn.runner->reconcile();

  const std::vector<events::Event> timed_out_ends = terminal_events(timed_out);
  ASSERT_EQ(timed_out_ends.size(), 1u);
  EXPECT_EQ(json::parse(timed_out_ends[0].data_json)["error"]["type"], json::Value("timeout"));
  const std::vector<events::Event> cancelled_ends = terminal_events(cancelled);
  ASSERT_EQ(cancelled_ends.size(), 1u);
  EXPECT_EQ(cancelled_ends[0].type, "turn.cancelled");
  EXPECT_EQ(turn.detail(cancelled).conversation.status, "idle");
  EXPECT_FALSE(turn.detail(cancelled).conversation.active_job_id);
  EXPECT_EQ(turn.detail(timed_out).messages.size(), 1u) << "no partial text, so no assistant message";
}

TEST_P(TurnReconcileTest, EndsATurnWhoseJobDoesNotExist) {
  const std::string conversation_id = turn.new_conversation();
  {
    store::Connection connection = turn.scratch.database().connect();
    connection.execute("UPDATE conversations SET status = 'running', active_job_id = 'job_that_never_was' WHERE id = ?",
                       {conversation_id});
  }
  turn.runner->reconcile();

  const std::vector<events::Event> ends = terminal_events(conversation_id);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(ends[0].job_id, "job_that_never_was");
  EXPECT_EQ(json::parse(ends[0].data_json)["error"]["type"], json::Value("job_missing"));
  EXPECT_NE(turn.detail(conversation_id).conversation.status, "running");
  EXPECT_FALSE(turn.detail(conversation_id).conversation.active_job_id);
  turn.runner->reconcile();
  EXPECT_EQ(terminal_events(conversation_id).size(), 1u);
}

TEST_P(TurnReconcileTest, LeavesQueuedRunningAndJustFinishedTurnsAlone) {
  const std::string queued = turn.new_conversation();
  const std::string queued_job = orphan_turn(queued, "");
  const std::string running = turn.new_conversation();
  finish_job_in_db(orphan_turn(running, ""), "running", "");
  // Its host is ending it right now (abandoned() runs just after the queue fails the job).
  const std::string just_failed = turn.new_conversation();
  const std::string just_failed_job = orphan_turn(just_failed, "");
  finish_job_in_db(just_failed_job, "failed", "worker_lost", 0ms);

  turn.runner->reconcile();

  for (const std::string& id : {queued, running, just_failed}) {
    EXPECT_EQ(turn.detail(id).conversation.status, "running") << id;
    EXPECT_TRUE(terminal_events(id).empty()) << id;
  }
  EXPECT_EQ(turn.detail(queued).conversation.active_job_id, queued_job);

  // Once settled, the just-failed one is ended too (here: a runner that waits no settle time).
  TurnSettings no_settle;
  no_settle.reconcile_settle = 0ms;
  TurnRunner impatient(TurnDependencies{turn.scratch.database(), turn.events, turn.instances,
                                        testing::render_message, turn.logger},
                       no_settle);
  impatient.reconcile();
  EXPECT_EQ(terminal_events(just_failed).size(), 1u);
  EXPECT_EQ(turn.detail(queued).conversation.status, "running");
}

TEST_P(TurnReconcileTest, WorkerPoolsReconcileAtStart) {
  const std::string conversation_id = turn.new_conversation();
  finish_job_in_db(orphan_turn(conversation_id, "partial"), "failed", "shutdown");

  turn.pools->start(); // reconciles before any worker runs

  EXPECT_FALSE(turn.detail(conversation_id).conversation.active_job_id);
  const std::vector<events::Event> ends = terminal_events(conversation_id);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(json::parse(ends[0].data_json)["error"]["type"], json::Value("shutdown"));
}

TEST_P(TurnReconcileTest, WorkerPoolsReconcileAtEveryRecoveryInterval) {
  turn.pools->start();
  // Made by hand so that no worker here claims it: a job of a type this host does not run,
  // named as the running turn, then failed.
  const std::string conversation_id = turn.new_conversation();
  queue::JobSpec spec;
  spec.type = "turn_of_another_host";
  spec.owner_id = turn.owner.id;
  spec.conversation_id = conversation_id;
  const std::string job_id = turn.jobs.enqueue(spec).id;
  {
    store::Connection connection = turn.scratch.database().connect();
    connection.execute("UPDATE conversations SET status = 'running', active_job_id = ? WHERE id = ?",
                       {job_id, conversation_id});
  }
  finish_job_in_db(job_id, "failed", "worker_lost");

  // [queue] recovery_interval_seconds is 1 in the tests' config.
  // The terminal event is the last thing ending a turn writes.
  EXPECT_TRUE(queue::testing::eventually([&] { return !terminal_events(conversation_id).empty(); }));
  EXPECT_FALSE(turn.detail(conversation_id).conversation.active_job_id);
  EXPECT_EQ(terminal_events(conversation_id).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, TurnReconcileTest, store::testing::both_engines(), store::testing::engine_name);

} // namespace
} // namespace agenthost::runtime
