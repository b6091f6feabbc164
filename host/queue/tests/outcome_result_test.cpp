// A job's result whatever its outcome, on SQLite and PostgreSQL: a failed, cancelled, timed-out
// or shut-down run keeps what its handler said it did (a turn's usage, context, cache), and a
// retried job's next attempt never shows the failed attempt's result.
#include "queue/job_store.hpp"
#include "queue/tests/queue_test_support.hpp"
#include "queue/worker_pools.hpp"
#include "store/tests/test_database.hpp"

#include <gtest/gtest.h>

#include <future>
#include <mutex>
#include <optional>

namespace agenthost::queue {
namespace {

using namespace std::chrono_literals;
using store::Engine;
using store::testing::TestDatabase;
using testing::eventually;
using testing::finished_job;
using testing::LambdaHandler;
using testing::spec;


ClaimRequest claim_request(std::string worker) {
  return ClaimRequest{std::move(worker), {"high", "default", "low"}, {"noop"}, 30000, 60};
}

// A grace far beyond any test: a handler that honours its cancel flag always returns before the
// queue takes its job over, so what it returned is what gets recorded.
WorkerTuning patient_tuning() {
  WorkerTuning tuning = testing::fast_tuning();
  tuning.timeout_grace = 60s;
  return tuning;
}

class OutcomeResultTest : public ::testing::TestWithParam<Engine> {
protected:
  std::unique_ptr<WorkerPools> make_pools() {
    return std::make_unique<WorkerPools>(jobs, std::vector<config::PoolConfig>{testing::pool("ai", {"default"}, 2, 30)},
                                         testing::fast_queue_config(), logger, patient_tuning());
  }
  // Enqueues, claims as worker "w" and returns the job's id.
  std::string claimed(int max_attempts = 1) {
    const std::string id = jobs.enqueue(spec("noop", max_attempts)).id;
    EXPECT_EQ(jobs.claim(claim_request("w"))->id, id);
    return id;
  }

  TestDatabase scratch{GetParam()};
  JobStore jobs{scratch.database()};
  std::shared_ptr<Logger> logger = std::make_shared<Logger>(LogLevel::error, [](std::string_view) {});
};

TEST_P(OutcomeResultTest, StoreKeepsTheResultOfFailedAndCancelledJobs) {
  const std::string failed = claimed();
  EXPECT_TRUE(jobs.fail(failed, "w", "boom", "it broke", R"({"did":"fail"})"));
  EXPECT_EQ(jobs.find(failed)->state, "failed");
  EXPECT_EQ(jobs.find(failed)->result_json, R"({"did":"fail"})");

  const std::string bare = claimed();
  EXPECT_TRUE(jobs.fail(bare, "w", "boom", "it broke"));
  EXPECT_FALSE(jobs.find(bare)->result_json) << "no result given: none stored";

  const std::string cancelled = claimed();
  EXPECT_TRUE(jobs.cancel_running(cancelled, "w", R"({"did":"cancel"})"));
  EXPECT_EQ(jobs.find(cancelled)->state, "cancelled");
  EXPECT_EQ(jobs.find(cancelled)->result_json, R"({"did":"cancel"})");
}

TEST_P(OutcomeResultTest, RetriedJobKeepsItsResultOnlyUntilTheNextAttemptIsClaimed) {
  const std::string id = claimed(2);
  EXPECT_TRUE(jobs.retry_later(id, "w", 0, "flaky upstream", R"({"attempt":1})"));
  EXPECT_EQ(jobs.find(id)->state, "queued");
  EXPECT_EQ(jobs.find(id)->result_json, R"({"attempt":1})") << "kept for inspection while it waits";

  const std::optional<JobRecord> second = jobs.claim(claim_request("w"));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->attempts, 2);
  EXPECT_FALSE(second->result_json) << "the running attempt shows no earlier attempt's result";
  EXPECT_FALSE(jobs.find(id)->result_json);
  EXPECT_TRUE(jobs.fail(id, "w", "boom", "again"));
  EXPECT_FALSE(jobs.find(id)->result_json) << "a final failure without a result does not revive the old one";
}

TEST_P(OutcomeResultTest, WorkersRecordTheResultsOfFailedCancelledAndExhaustedRuns) {
  auto pools = make_pools();
  pools->register_handler("fails", std::make_shared<LambdaHandler>([](JobContext&) {
                            return JobOutcome::failed("bad_input", "no retry for this", R"({"did":"fail"})");
                          }));
  std::promise<void> started;
  pools->register_handler("cancels", std::make_shared<LambdaHandler>([&](JobContext& context) {
                            started.set_value();
                            eventually([&] { return context.cancelled(); });
                            return JobOutcome::cancelled(R"({"did":"cancel"})");
                          }));
  pools->register_handler("exhausts", std::make_shared<LambdaHandler>([](JobContext& context) {
                            return JobOutcome::retry("not yet",
                                                     R"({"attempt":)" + std::to_string(context.job().attempts) + "}");
                          }));
  pools->start();
  const auto fails = jobs.enqueue(spec("fails"));
  const auto cancels = jobs.enqueue(spec("cancels"));
  const auto exhausts = jobs.enqueue(spec("exhausts", 2));
  pools->wake();

  const JobRecord failed = finished_job(jobs, fails.id);
  EXPECT_EQ(failed.error_type, "bad_input");
  EXPECT_EQ(failed.result_json, R"({"did":"fail"})");

  started.get_future().wait();
  EXPECT_TRUE(pools->cancel(cancels.id));
  const JobRecord cancelled = finished_job(jobs, cancels.id);
  EXPECT_EQ(cancelled.state, "cancelled");
  EXPECT_EQ(cancelled.result_json, R"({"did":"cancel"})");

  const JobRecord exhausted = finished_job(jobs, exhausts.id);
  EXPECT_EQ(exhausted.state, "failed");
  EXPECT_EQ(exhausted.attempts, 2);
  EXPECT_EQ(exhausted.result_json, R"({"attempt":2})") << "the last attempt's result, not the first's";
}

TEST_P(OutcomeResultTest, NextAttemptRunsWithoutTheFailedAttemptsResult) {
  auto pools = make_pools();
  std::mutex mutex;
  std::optional<std::optional<std::string>> seen_by_second_attempt;
  pools->register_handler("flaky", std::make_shared<LambdaHandler>([&](JobContext& context) {
                            if (context.job().attempts == 1) return JobOutcome::retry("not yet", R"({"attempt":1})");
                            std::lock_guard<std::mutex> lock(mutex);
                            seen_by_second_attempt = jobs.find(context.job().id)->result_json;
                            return JobOutcome::succeeded(R"({"attempt":2})");
                          }));
  pools->start();
  const auto job = jobs.enqueue(spec("flaky", 2));
  pools->wake();
  const JobRecord done = finished_job(jobs, job.id);
  EXPECT_EQ(done.state, "succeeded");
  EXPECT_EQ(done.result_json, R"({"attempt":2})");
  std::lock_guard<std::mutex> lock(mutex);
  ASSERT_TRUE(seen_by_second_attempt) << "the second attempt did not run";
  EXPECT_FALSE(*seen_by_second_attempt) << "the job row showed attempt 1's result while attempt 2 ran";
}

TEST_P(OutcomeResultTest, TimedOutAndShutDownRunsKeepWhatTheHandlerReturned) {
  auto pools = make_pools();
  std::promise<void> started;
  // Both jobs: waits for its cancel flag (timeout or shutdown), then says what it did.
  auto stops_when_told = [&](JobContext& context) {
    if (context.job().type == "told_by_shutdown") started.set_value();
    eventually([&] { return context.cancelled(); }, 120s);
    return JobOutcome::failed("stopped", "told to stop",
                              R"({"reason":)" + std::to_string(static_cast<int>(context.cancel_reason())) + "}");
  };
  pools->register_handler("told_by_timeout", std::make_shared<LambdaHandler>(stops_when_told));
  pools->register_handler("told_by_shutdown", std::make_shared<LambdaHandler>(stops_when_told));
  pools->start();
  const auto timed = jobs.enqueue(spec("told_by_timeout", 1, 1));
  const auto shut = jobs.enqueue(spec("told_by_shutdown", 1, 600));
  pools->wake();

  const JobRecord timed_out = finished_job(jobs, timed.id);
  EXPECT_EQ(timed_out.error_type, "timeout");
  EXPECT_EQ(timed_out.result_json, R"({"reason":)" + std::to_string(static_cast<int>(CancelReason::timeout)) + "}");

  started.get_future().wait();
  pools->stop(0s); // past its grace at once: the handler is told to stop and its outcome recorded
  const JobRecord shut_down = *jobs.find(shut.id);
  EXPECT_EQ(shut_down.state, "failed");
  EXPECT_EQ(shut_down.error_type, "shutdown");
  EXPECT_EQ(shut_down.result_json, R"({"reason":)" + std::to_string(static_cast<int>(CancelReason::shutdown)) + "}");
}

INSTANTIATE_TEST_SUITE_P(Engines, OutcomeResultTest, store::testing::both_engines(), store::testing::engine_name);

} // namespace
} // namespace agenthost::queue
