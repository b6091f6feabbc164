// JobStore on SQLite and PostgreSQL: enqueue, atomic claim, priorities, leases, recovery,
// cancel and the recurring-job dedupe.
#include "queue/job_store.hpp"

#include "common/error.hpp"
#include "store/tests/test_database.hpp"
#include "store/timestamps.hpp"
#include "store/user_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

namespace agenthost::queue {
namespace {

using store::Engine;
using store::testing::TestDatabase;

JobSpec spec(std::string type, std::string queue = "default", int max_attempts = 1) {
  JobSpec job;
  job.type = std::move(type);
  job.queue = std::move(queue);
  job.max_attempts = max_attempts;
  return job;
}

ClaimRequest claim_request(std::string worker, std::int64_t lease_ms = 30000) {
  return ClaimRequest{std::move(worker), {"high", "default", "low"}, {"noop", "other"}, lease_ms, 77};
}

class JobStoreTest : public ::testing::TestWithParam<Engine> {
protected:
  TestDatabase scratch{GetParam()};
  JobStore jobs{scratch.database()};
};

TEST_P(JobStoreTest, EnqueuedJobIsQueuedAndFindable) {
  JobSpec job = spec("noop");
  job.payload_json = R"({"n":1})";
  job.conversation_id = "cnv_x";
  const JobRecord record = jobs.enqueue(job);
  EXPECT_EQ(record.id.rfind("job_", 0), 0U);
  const auto found = jobs.find(record.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->state, "queued");
  EXPECT_EQ(found->payload_json, R"({"n":1})");
  EXPECT_EQ(found->conversation_id, "cnv_x");
  EXPECT_EQ(found->attempts, 0);
  EXPECT_FALSE(found->owner_id);
  EXPECT_FALSE(jobs.find("job_missing"));
}

TEST_P(JobStoreTest, RejectsUnknownQueueAndBadAttempts) {
  EXPECT_THROW(jobs.enqueue(spec("noop", "urgent")), Error);
  EXPECT_THROW(jobs.enqueue(spec("noop", "default", 0)), Error);
  EXPECT_THROW(jobs.enqueue(spec("", "default")), Error);
}

TEST_P(JobStoreTest, EnqueueInCallersTransactionRollsBackWithIt) {
  std::string id;
  EXPECT_THROW(scratch.database().transaction([&](store::Connection& connection) {
    id = jobs.enqueue(connection, spec("noop")).id;
    throw std::runtime_error("caller fails after enqueueing");
  }),
               std::runtime_error);
  EXPECT_FALSE(jobs.find(id));
  scratch.database().transaction([&](store::Connection& connection) { id = jobs.enqueue(connection, spec("noop")).id; });
  EXPECT_TRUE(jobs.find(id));
}

TEST_P(JobStoreTest, FindForOwnerHidesOtherOwnersJobs) {
  store::UserStore users(scratch.database());
  const auto alice = users.create_user("alice", false);
  const auto bob = users.create_user("bob", false);
  JobSpec job = spec("noop");
  job.owner_id = alice.id;
  const JobRecord record = jobs.enqueue(job);
  EXPECT_TRUE(jobs.find_for_owner(alice.id, record.id));
  EXPECT_FALSE(jobs.find_for_owner(bob.id, record.id));
}

TEST_P(JobStoreTest, ClaimTakesHighBeforeDefaultBeforeLowThenOldestFirst) {
  const auto low = jobs.enqueue(spec("noop", "low"));
  const auto default_first = jobs.enqueue(spec("noop", "default"));
  const auto default_second = jobs.enqueue(spec("noop", "default"));
  const auto high = jobs.enqueue(spec("noop", "high"));
  std::vector<std::string> order;
  while (auto job = jobs.claim(claim_request("w1"))) order.push_back(job->id);
  EXPECT_EQ(order, (std::vector<std::string>{high.id, default_first.id, default_second.id, low.id}));
}

TEST_P(JobStoreTest, ClaimMarksRunningLeasedAndFillsThePoolTimeout) {
  const auto queued = jobs.enqueue(spec("noop"));
  JobSpec with_timeout = spec("noop");
  with_timeout.timeout_seconds = 5;
  jobs.enqueue(with_timeout);
  const auto first = jobs.claim(claim_request("w1"));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->id, queued.id);
  EXPECT_EQ(first->state, "running");
  EXPECT_EQ(first->attempts, 1);
  EXPECT_EQ(first->lease_owner, "w1");
  EXPECT_TRUE(first->lease_expires_at && *first->lease_expires_at > store::now_ms());
  EXPECT_TRUE(first->started_at);
  EXPECT_EQ(first->timeout_seconds, 77); // 0 became the pool's
  EXPECT_EQ(jobs.claim(claim_request("w1"))->timeout_seconds, 5);
}

TEST_P(JobStoreTest, ClaimSkipsDelayedJobsQueuesNotServedAndTypesWithoutHandler) {
  JobSpec delayed = spec("noop");
  delayed.delay_ms = 60000;
  jobs.enqueue(delayed);
  jobs.enqueue(spec("unhandled"));
  jobs.enqueue(spec("noop", "low"));
  ClaimRequest high_and_default = claim_request("w1");
  high_and_default.queues = {"high", "default"};
  EXPECT_FALSE(jobs.claim(high_and_default));
}

TEST_P(JobStoreTest, ConcurrentClaimersNeverGetTheSameJob) {
  constexpr int kJobs = 120;
  for (int i = 0; i < kJobs; ++i) jobs.enqueue(spec("noop", i % 2 ? "high" : "default"));
  // Two "hosts" (independent pools), four claimers each.
  std::unique_ptr<store::Database> other_host = scratch.open_another();
  JobStore other_jobs(*other_host);
  std::mutex mutex;
  std::vector<std::string> claimed;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      JobStore& store = t % 2 ? other_jobs : jobs;
      try {
        while (auto job = store.claim(claim_request("w" + std::to_string(t)))) {
          std::lock_guard<std::mutex> lock(mutex);
          claimed.push_back(job->id);
        }
      } catch (const std::exception&) {
        ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  const std::set<std::string> distinct(claimed.begin(), claimed.end());
  EXPECT_EQ(claimed.size(), static_cast<std::size_t>(kJobs));
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kJobs));
}

TEST_P(JobStoreTest, HeartbeatRenewsOwnLeasesAndReportsCancelRequests) {
  const auto job = jobs.enqueue(spec("noop"));
  const auto claimed = jobs.claim(claim_request("w1", 1000));
  jobs.enqueue(spec("noop"));
  jobs.claim(claim_request("w2", 1000));
  ASSERT_TRUE(jobs.request_cancel(job.id));
  const auto leases = jobs.heartbeat("w1", 600000);
  ASSERT_EQ(leases.size(), 1U);
  EXPECT_EQ(leases[0].id, job.id);
  EXPECT_TRUE(leases[0].cancel_requested);
  EXPECT_GT(*jobs.find(job.id)->lease_expires_at, *claimed->lease_expires_at);
  EXPECT_EQ(jobs.find(job.id)->state, "running"); // cancel of a running job is a request
}

TEST_P(JobStoreTest, CancelOfQueuedJobIsImmediateAndOfFinishedJobIsRefused) {
  const auto job = jobs.enqueue(spec("noop"));
  EXPECT_TRUE(jobs.request_cancel(job.id));
  EXPECT_EQ(jobs.find(job.id)->state, "cancelled");
  EXPECT_FALSE(jobs.claim(claim_request("w1")));
  EXPECT_FALSE(jobs.request_cancel(job.id));
  EXPECT_FALSE(jobs.request_cancel("job_missing"));
}

TEST_P(JobStoreTest, ExpiredLeasesAreRequeuedWhileAttemptsRemainThenFailedWorkerLost) {
  const auto job = jobs.enqueue(spec("noop", "default", 2));
  ASSERT_TRUE(jobs.claim(claim_request("dead", -1))); // a lease that already ran out
  auto recovered = jobs.recover_expired(store::now_ms());
  ASSERT_EQ(recovered.size(), 1U);
  EXPECT_TRUE(recovered[0].requeued);
  EXPECT_EQ(jobs.find(job.id)->state, "queued");
  EXPECT_FALSE(jobs.succeed(job.id, "dead", "{}")); // the dead worker's late write is ignored

  ASSERT_TRUE(jobs.claim(claim_request("dead-too", -1)));
  recovered = jobs.recover_expired(store::now_ms());
  ASSERT_EQ(recovered.size(), 1U);
  EXPECT_FALSE(recovered[0].requeued);
  const auto failed = jobs.find(job.id);
  EXPECT_EQ(failed->state, "failed");
  EXPECT_EQ(failed->error_type, "worker_lost");
  EXPECT_EQ(failed->attempts, 2);
  EXPECT_TRUE(failed->finished_at);
}

TEST_P(JobStoreTest, LiveLeasesAreNotRecovered) {
  jobs.enqueue(spec("noop"));
  ASSERT_TRUE(jobs.claim(claim_request("alive", 600000)));
  EXPECT_TRUE(jobs.recover_expired(store::now_ms()).empty());
}

TEST_P(JobStoreTest, TransitionsRecordOutcomes) {
  const auto a = jobs.enqueue(spec("noop"));
  jobs.claim(claim_request("w"));
  EXPECT_TRUE(jobs.succeed(a.id, "w", R"({"ok":true})"));
  EXPECT_EQ(jobs.find(a.id)->state, "succeeded");
  EXPECT_EQ(jobs.find(a.id)->result_json, R"({"ok":true})");
  EXPECT_FALSE(jobs.succeed(a.id, "w", "{}")); // finished already

  const auto b = jobs.enqueue(spec("noop", "default", 3));
  jobs.claim(claim_request("w"));
  const std::int64_t before = store::now_ms();
  EXPECT_TRUE(jobs.retry_later(b.id, "w", 60000, "flaky upstream"));
  const auto retried = jobs.find(b.id);
  EXPECT_EQ(retried->state, "queued");
  EXPECT_GE(retried->available_at, before + 60000);
  EXPECT_EQ(retried->error, "flaky upstream");
  EXPECT_FALSE(jobs.claim(claim_request("w"))); // not before its backoff

  const auto c = jobs.enqueue(spec("noop", "default", 3));
  jobs.claim(claim_request("w"));
  EXPECT_TRUE(jobs.release(c.id, "w"));
  EXPECT_EQ(jobs.find(c.id)->attempts, 0); // the interrupted attempt is given back
  EXPECT_EQ(jobs.find(c.id)->state, "queued");

  const auto d = jobs.enqueue(spec("noop"));
  auto claimed = jobs.claim(claim_request("w"));
  ASSERT_EQ(claimed->id, c.id); // released c comes first (older)
  claimed = jobs.claim(claim_request("w"));
  ASSERT_EQ(claimed->id, d.id);
  EXPECT_FALSE(jobs.fail(d.id, "someone-else", "boom", "x"));
  EXPECT_TRUE(jobs.fail(d.id, "w", "boom", "it broke"));
  EXPECT_EQ(jobs.find(d.id)->error_type, "boom");
  jobs.write_progress(d.id, R"({"step":2})");
  EXPECT_EQ(jobs.find(d.id)->progress_json, R"({"step":2})");
}

TEST_P(JobStoreTest, RecurringJobIsEnqueuedOnlyWhileNoneIsQueued) {
  EXPECT_TRUE(jobs.enqueue_unless_queued(spec("noop", "low")));
  EXPECT_FALSE(jobs.enqueue_unless_queued(spec("noop", "low")));
  ASSERT_TRUE(jobs.claim(claim_request("w")));
  EXPECT_TRUE(jobs.enqueue_unless_queued(spec("noop", "low"))); // the running one does not count
}

INSTANTIATE_TEST_SUITE_P(Engines, JobStoreTest, store::testing::both_engines(), store::testing::engine_name);

TEST(RetryDelay, GrowsExponentiallyWithJitterUpToTheCap) {
  EXPECT_EQ(retry_delay_ms(1, 1000, 60000, 0.0), 500);
  EXPECT_EQ(retry_delay_ms(1, 1000, 60000, 0.999999), 999);
  EXPECT_EQ(retry_delay_ms(2, 1000, 60000, 0.0), 1000);
  EXPECT_EQ(retry_delay_ms(4, 1000, 60000, 0.5), 6000);
  EXPECT_EQ(retry_delay_ms(30, 1000, 60000, 0.0), 30000);
  EXPECT_LE(retry_delay_ms(30, 1000, 60000, 0.999999), 60000);
  EXPECT_NE(retry_delay_ms(3, 1000, 60000, 0.1), retry_delay_ms(3, 1000, 60000, 0.9)); // jitter spreads retries
}

} // namespace
} // namespace agenthost::queue
