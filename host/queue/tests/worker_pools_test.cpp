// WorkerPools on SQLite and PostgreSQL: running, retries with backoff, timeouts, cancel,
// recovery of a dead worker's jobs, graceful stop and recurring jobs. Timings are shortened
// through WorkerTuning; tests assert outcomes, never durations.
#include "queue/worker_pools.hpp"

#include "queue/tests/queue_test_support.hpp"
#include "store/tests/test_database.hpp"
#include "store/timestamps.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include <unistd.h>

namespace agenthost::queue {
namespace {

using namespace std::chrono_literals;
using store::Engine;
using store::testing::TestDatabase;
using testing::eventually;
using testing::finished_job;
using testing::Gate;
using testing::LambdaHandler;
using testing::spec;


// Waits (bounded) for the handler's cancel flag, as a cooperative handler does.
JobOutcome wait_for_cancel(JobContext& context) {
  eventually([&] { return context.cancelled(); });
  return JobOutcome::cancelled();
}

class WorkerPoolsTest : public ::testing::TestWithParam<Engine> {
protected:
  std::unique_ptr<WorkerPools> make_pools(int workers = 2, WorkerTuning tuning = testing::fast_tuning()) {
    return std::make_unique<WorkerPools>(
        jobs, std::vector<config::PoolConfig>{testing::pool("ai", {"high", "default"}, workers, 30),
                                              testing::pool("low", {"low"}, 1, 30)},
        testing::fast_queue_config(), logger, tuning);
  }

  TestDatabase scratch{GetParam()};
  JobStore jobs{scratch.database()};
  std::shared_ptr<Logger> logger = std::make_shared<Logger>(LogLevel::error, [](std::string_view) {});
};

TEST_P(WorkerPoolsTest, RunsJobsAndRecordsResultsAndProgress) {
  auto pools = make_pools();
  pools->register_handler("echo", std::make_shared<LambdaHandler>([](JobContext& context) {
    context.report_progress(R"({"step":1})");
    return JobOutcome::succeeded(context.job().payload_json);
  }));
  pools->start();
  JobSpec job = spec("echo");
  job.payload_json = R"({"n":42})";
  const auto queued = jobs.enqueue(job);
  pools->wake();
  const JobRecord done = finished_job(jobs, queued.id);
  EXPECT_EQ(done.state, "succeeded");
  EXPECT_EQ(done.result_json, R"({"n":42})");
  EXPECT_EQ(done.progress_json, R"({"step":1})");
  EXPECT_EQ(done.attempts, 1);
  EXPECT_EQ(done.lease_owner, pools->worker_id());
}

TEST_P(WorkerPoolsTest, RetriesWithBackoffUntilSuccessOrAttemptsRunOut) {
  auto pools = make_pools();
  std::atomic<int> flaky_runs{0};
  pools->register_handler("flaky", std::make_shared<LambdaHandler>([&](JobContext& context) {
    ++flaky_runs;
    return context.job().attempts < 3 ? JobOutcome::retry("not yet") : JobOutcome::succeeded();
  }));
  pools->register_handler("broken", std::make_shared<LambdaHandler>([](JobContext&) -> JobOutcome {
    throw std::runtime_error("upstream refused");
  }));
  pools->register_handler("final", std::make_shared<LambdaHandler>(
                                       [](JobContext&) { return JobOutcome::failed("bad_input", "no retry for this"); }));
  pools->start();
  const auto flaky = jobs.enqueue(spec("flaky", 3));
  const auto broken = jobs.enqueue(spec("broken", 2));
  const auto final_failure = jobs.enqueue(spec("final", 5));
  pools->wake();

  const JobRecord flaky_done = finished_job(jobs, flaky.id);
  EXPECT_EQ(flaky_done.state, "succeeded");
  EXPECT_EQ(flaky_done.attempts, 3);
  EXPECT_EQ(flaky_runs.load(), 3);
  const JobRecord broken_done = finished_job(jobs, broken.id);
  EXPECT_EQ(broken_done.state, "failed");
  EXPECT_EQ(broken_done.error_type, "failed");
  EXPECT_EQ(broken_done.attempts, 2);
  EXPECT_NE(broken_done.error->find("upstream refused"), std::string::npos);
  const JobRecord final_done = finished_job(jobs, final_failure.id);
  EXPECT_EQ(final_done.error_type, "bad_input");
  EXPECT_EQ(final_done.attempts, 1);
}

TEST_P(WorkerPoolsTest, RetryWaitsForItsBackoffWithJitter) {
  WorkerTuning tuning = testing::fast_tuning();
  tuning.retry_base = 600s; // far beyond the test: the job must stay queued
  tuning.retry_cap = 3600s;
  auto pools = make_pools(1, tuning);
  std::atomic<int> runs{0};
  pools->register_handler("flaky", std::make_shared<LambdaHandler>([&](JobContext&) {
    ++runs;
    return JobOutcome::retry("try later");
  }));
  pools->start();
  const std::int64_t before = store::now_ms();
  const auto job = jobs.enqueue(spec("flaky", 3));
  pools->wake();
  // One snapshot per look: two reads could see "queued" before the claim and attempts == 1 after it.
  JobRecord waiting;
  ASSERT_TRUE(eventually([&] {
    waiting = *jobs.find(job.id);
    return waiting.state == "queued" && waiting.attempts == 1;
  }));
  EXPECT_GE(waiting.available_at, before + 300000); // at least half the first backoff
  EXPECT_LE(waiting.available_at, store::now_ms() + 600000);
  EXPECT_EQ(runs.load(), 1);
}

TEST_P(WorkerPoolsTest, TimeoutRaisesTheCancelFlagAndFailsTheJobWithTimeout) {
  auto pools = make_pools();
  std::atomic<int> reason{-1};
  auto handler = std::make_shared<LambdaHandler>([&](JobContext& context) {
    JobOutcome outcome = wait_for_cancel(context);
    reason = static_cast<int>(context.cancel_reason());
    return outcome;
  });
  pools->register_handler("slow", handler);
  pools->start();
  const auto job = jobs.enqueue(spec("slow", 3, 1));
  pools->wake();
  const JobRecord done = finished_job(jobs, job.id);
  EXPECT_EQ(done.state, "failed");
  EXPECT_EQ(done.error_type, "timeout");
  EXPECT_EQ(done.attempts, 1); // a timeout is not retried
  EXPECT_EQ(reason.load(), static_cast<int>(CancelReason::timeout));
}

TEST_P(WorkerPoolsTest, HandlerIgnoringItsTimeoutIsFailedAbandonedAndItsWorkerReplaced) {
  auto pools = make_pools(1); // one worker: the next job runs only if the stuck one is replaced
  Gate release_stuck;
  auto stuck = std::make_shared<LambdaHandler>([&](JobContext&) {
    release_stuck.wait();
    return JobOutcome::succeeded();
  });
  pools->register_handler("stuck", stuck);
  pools->register_handler("quick", std::make_shared<LambdaHandler>([](JobContext&) { return JobOutcome::succeeded(); }));
  pools->start();
  const auto job = jobs.enqueue(spec("stuck", 1, 1));
  pools->wake();
  const JobRecord done = finished_job(jobs, job.id);
  EXPECT_EQ(done.state, "failed");
  EXPECT_EQ(done.error_type, "timeout");
  ASSERT_TRUE(eventually([&] { return !stuck->abandoned_calls().empty(); }));
  EXPECT_EQ(stuck->abandoned_calls()[0], std::make_pair(job.id, std::string("timeout")));

  const auto next = jobs.enqueue(spec("quick"));
  pools->wake();
  EXPECT_EQ(finished_job(jobs, next.id).state, "succeeded");
  release_stuck.open();
  EXPECT_EQ(jobs.find(job.id)->state, "failed"); // the late success does not overwrite it
}

TEST_P(WorkerPoolsTest, CancelStopsQueuedAndRunningJobs) {
  auto pools = make_pools();
  std::atomic<int> reason{-1};
  std::promise<void> started;
  pools->register_handler("long", std::make_shared<LambdaHandler>([&](JobContext& context) {
    started.set_value();
    JobOutcome outcome = wait_for_cancel(context);
    reason = static_cast<int>(context.cancel_reason());
    return outcome;
  }));
  pools->start();
  JobSpec later = spec("long");
  later.delay_ms = 600000;
  const auto queued = jobs.enqueue(later);
  EXPECT_TRUE(pools->cancel(queued.id));
  EXPECT_EQ(jobs.find(queued.id)->state, "cancelled");

  const auto running = jobs.enqueue(spec("long"));
  pools->wake();
  started.get_future().wait();
  EXPECT_TRUE(pools->cancel(running.id));
  const JobRecord done = finished_job(jobs, running.id);
  EXPECT_EQ(done.state, "cancelled");
  EXPECT_EQ(reason.load(), static_cast<int>(CancelReason::requested));
  EXPECT_FALSE(pools->cancel(running.id)); // finished: nothing to cancel
}

TEST_P(WorkerPoolsTest, CancelRequestedThroughAnotherHostReachesTheHandlerByHeartbeat) {
  auto pools = make_pools();
  std::promise<void> started;
  pools->register_handler("long", std::make_shared<LambdaHandler>([&](JobContext& context) {
    started.set_value();
    return wait_for_cancel(context);
  }));
  pools->start();
  const auto job = jobs.enqueue(spec("long"));
  pools->wake();
  started.get_future().wait();
  std::unique_ptr<store::Database> other_host = scratch.open_another();
  EXPECT_TRUE(JobStore(*other_host).request_cancel(job.id));
  EXPECT_EQ(finished_job(jobs, job.id).state, "cancelled");
}

TEST_P(WorkerPoolsTest, DeadWorkersJobsAreRecoveredAtStartAndPeriodically) {
  // A "dead host" claimed two jobs and never renewed their leases.
  const auto retryable = jobs.enqueue(spec("work", 2));
  const auto once = jobs.enqueue(spec("work", 1));
  ClaimRequest dead{"dead-host", {"default"}, {"work"}, -1, 30};
  ASSERT_TRUE(jobs.claim(dead));
  ASSERT_TRUE(jobs.claim(dead));

  auto pools = make_pools();
  auto handler = std::make_shared<LambdaHandler>([](JobContext&) { return JobOutcome::succeeded(); });
  pools->register_handler("work", handler);
  pools->start();
  EXPECT_EQ(finished_job(jobs, retryable.id).state, "succeeded"); // retried here
  EXPECT_EQ(jobs.find(retryable.id)->attempts, 2);
  const JobRecord lost = finished_job(jobs, once.id);
  EXPECT_EQ(lost.state, "failed");
  EXPECT_EQ(lost.error_type, "worker_lost");
  ASSERT_TRUE(eventually([&] { return handler->abandoned_calls().size() == 1; }));
  EXPECT_EQ(handler->abandoned_calls()[0], std::make_pair(once.id, std::string("worker_lost")));

  // While running: another dead worker's job, recovered by the periodic pass.
  const auto later = jobs.enqueue(spec("work", 1));
  ClaimRequest dying{"dying-host", {"default"}, {"work"}, 200, 30};
  ASSERT_TRUE(jobs.claim(dying));
  EXPECT_EQ(finished_job(jobs, later.id).error_type, "worker_lost");
  EXPECT_TRUE(eventually([&] { return handler->abandoned_calls().size() == 2; }));
}

TEST_P(WorkerPoolsTest, StopLetsRunningJobsFinishWithinTheGracePeriod) {
  auto pools = make_pools();
  std::promise<void> started;
  Gate finish;
  pools->register_handler("short", std::make_shared<LambdaHandler>([&](JobContext&) {
    started.set_value();
    finish.wait_for(200ms); // finishes on its own, well within the grace period
    return JobOutcome::succeeded();
  }));
  pools->start();
  const auto job = jobs.enqueue(spec("short"));
  pools->wake();
  started.get_future().wait();
  EXPECT_TRUE(pools->stop(10s));
  EXPECT_EQ(jobs.find(job.id)->state, "succeeded");
  const auto after = jobs.enqueue(spec("short"));
  pools->wake();
  EXPECT_EQ(jobs.find(after.id)->state, "queued"); // stopped pools claim nothing
}

TEST_P(WorkerPoolsTest, StopPastGraceCancelsThenReleasesRetryableAndFailsTheRest) {
  auto pools = make_pools(3);
  std::atomic<int> started{0};
  std::atomic<int> shutdown_reasons{0};
  Gate release_stuck;
  auto cooperative = std::make_shared<LambdaHandler>([&](JobContext& context) {
    ++started;
    JobOutcome outcome = wait_for_cancel(context);
    if (context.cancel_reason() == CancelReason::shutdown) ++shutdown_reasons;
    return outcome;
  });
  auto stuck = std::make_shared<LambdaHandler>([&](JobContext&) {
    ++started;
    release_stuck.wait();
    return JobOutcome::succeeded();
  });
  pools->register_handler("cooperative", cooperative);
  pools->register_handler("stuck", stuck);
  pools->start();
  const auto retryable = jobs.enqueue(spec("cooperative", 3));
  const auto single = jobs.enqueue(spec("cooperative", 1));
  const auto ignores = jobs.enqueue(spec("stuck", 1));
  pools->wake();
  ASSERT_TRUE(eventually([&] { return started.load() == 3; }));

  EXPECT_FALSE(pools->stop(1s));
  EXPECT_EQ(shutdown_reasons.load(), 2);
  const JobRecord released = *jobs.find(retryable.id);
  EXPECT_EQ(released.state, "queued");
  EXPECT_EQ(released.attempts, 0);
  const JobRecord failed = *jobs.find(single.id);
  EXPECT_EQ(failed.state, "failed");
  EXPECT_EQ(failed.error_type, "shutdown");
  EXPECT_EQ(cooperative->abandoned_calls(), (std::vector<std::pair<std::string, std::string>>{{single.id, "shutdown"}}));
  const JobRecord left = *jobs.find(ignores.id);
  EXPECT_EQ(left.error_type, "shutdown");
  EXPECT_EQ(stuck->abandoned_calls(), (std::vector<std::pair<std::string, std::string>>{{ignores.id, "shutdown"}}));
  release_stuck.open();
}

TEST_P(WorkerPoolsTest, RecurringJobRunsRepeatedlyWithOneQueuedInstanceAtMost) {
  auto pools = make_pools();
  std::atomic<int> runs{0};
  pools->register_handler("tick", std::make_shared<LambdaHandler>([&](JobContext&) {
    ++runs;
    return JobOutcome::succeeded();
  }));
  pools->schedule_every("tick", "low", 1s);
  pools->start();
  ASSERT_TRUE(eventually([&] { return runs.load() >= 2; }));
  store::Connection connection = scratch.database().connect();
  const auto queued = connection.query_one("SELECT COUNT(*) FROM jobs WHERE type = 'tick' AND state = 'queued'");
  EXPECT_LE(queued->integer(0), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, WorkerPoolsTest, store::testing::both_engines(), store::testing::engine_name);

TEST(WorkerId, NamesHostPidAndARandomSuffix) {
  const std::string a = make_worker_id();
  const std::string b = make_worker_id();
  EXPECT_NE(a, b);
  EXPECT_NE(a.find(":" + std::to_string(getpid()) + ":"), std::string::npos);
}

} // namespace
} // namespace agenthost::queue
