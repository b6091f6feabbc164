// Shared pieces of the queue tests: a handler made of lambdas that records abandoned() calls,
// short timings through WorkerTuning, and waiting for a job's outcome.
#pragma once

#include "queue/job_handler.hpp"
#include "queue/job_store.hpp"
#include "queue/worker_pools.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace agenthost::queue::testing {

class LambdaHandler : public JobHandler {
public:
  using Run = std::function<JobOutcome(JobContext&)>;
  explicit LambdaHandler(Run run) : run_(std::move(run)) {}

  JobOutcome run(JobContext& context) override { return run_(context); }
  void abandoned(const JobRecord& job, std::string_view error_type) override {
    std::lock_guard<std::mutex> lock(mutex_);
    abandoned_.emplace_back(job.id, std::string(error_type));
  }
  std::vector<std::pair<std::string, std::string>> abandoned_calls() {
    std::lock_guard<std::mutex> lock(mutex_);
    return abandoned_;
  }

private:
  Run run_;
  std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> abandoned_;
};

inline WorkerTuning fast_tuning() {
  WorkerTuning tuning;
  tuning.poll_interval = std::chrono::milliseconds(50);
  tuning.supervisor_tick = std::chrono::milliseconds(20);
  tuning.timeout_grace = std::chrono::milliseconds(300);
  tuning.retry_base = std::chrono::milliseconds(20);
  tuning.retry_cap = std::chrono::milliseconds(100);
  tuning.lease_ms_override = 3000; // heartbeat every second
  return tuning;
}

inline config::QueueConfig fast_queue_config() {
  config::QueueConfig queue;
  queue.lease_seconds = 3;
  queue.heartbeat_seconds = 1;
  queue.recovery_interval_seconds = 1;
  queue.shutdown_grace_seconds = 5;
  return queue;
}

inline config::PoolConfig pool(std::string name, std::vector<std::string> queues, int workers, int timeout_seconds) {
  config::PoolConfig config;
  config.name = std::move(name);
  config.queues = std::move(queues);
  config.workers = workers;
  config.timeout_seconds = timeout_seconds;
  return config;
}

// Polls until `done` holds; false after `limit` (the test then fails on its own assertion).
// Outcomes land in the database from other threads, so a test can only look.
template <class Predicate> bool eventually(Predicate done, std::chrono::seconds limit = std::chrono::seconds(30)) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

// A job of `type` as the tests enqueue it.
inline JobSpec spec(std::string type, int max_attempts = 1, int timeout_seconds = 0) {
  JobSpec job;
  job.type = std::move(type);
  job.max_attempts = max_attempts;
  job.timeout_seconds = timeout_seconds;
  return job;
}

// The job once it reached a finished state (or as it is when `limit` runs out).
inline JobRecord finished_job(JobStore& jobs, const std::string& id, std::chrono::seconds limit = std::chrono::seconds(30)) {
  eventually([&] { return jobs.find(id)->finished(); }, limit);
  return *jobs.find(id);
}

// Blocks a handler until the test opens it.
class Gate {
public:
  void open() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  void wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return open_; });
  }
  bool wait_for(std::chrono::milliseconds limit) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return open_; });
  }

private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
};

} // namespace agenthost::queue::testing
