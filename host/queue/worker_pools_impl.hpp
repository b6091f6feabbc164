// WorkerPools' state, shared by the worker threads, the supervisor thread and the caller.
//
// Threads hold a shared_ptr to it: a worker stuck in a handler that ignores its cancel flag is
// left behind (detached) at stop and still finds its state when the handler returns at last.
#pragma once

#include "queue/worker_pools.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <thread>

namespace agenthost::queue {

using SteadyClock = std::chrono::steady_clock;

struct RunningJob {
  JobRecord job;
  config::PoolConfig pool; // to start a replacement worker when this one is stuck past its timeout
  std::shared_ptr<JobHandler> handler;
  std::shared_ptr<JobContext> context;
  SteadyClock::time_point claimed_at;
  SteadyClock::time_point deadline;
  std::optional<SteadyClock::time_point> timed_out_at; // when the timeout raised the cancel flag
  // Set (under the mutex) when the queue settled the job behind the handler's back (timeout or
  // shutdown release): the worker then records nothing when the handler returns, and retires.
  bool taken_over = false;
};

struct Schedule {
  std::string type;
  std::string queue;
  std::chrono::seconds interval;
  SteadyClock::time_point next_due;
};

class WorkerPools::Impl : public std::enable_shared_from_this<WorkerPools::Impl> {
public:
  Impl(JobStore& store, std::vector<config::PoolConfig> pools, config::QueueConfig queue,
       std::shared_ptr<Logger> logger, WorkerTuning tuning);

  void start();
  void wake();
  bool cancel_local(std::string_view job_id, CancelReason reason);
  bool stop(std::chrono::milliseconds grace);
  std::size_t running_count();

  // Worker side (worker_pools.cpp).
  void start_worker(const config::PoolConfig& pool);
  void worker_loop(const config::PoolConfig& pool);
  // True when the queue took the job over while the handler ran (the worker then retires).
  bool run_job(const config::PoolConfig& pool, JobRecord job);
  void record(const RunningJob& running, const JobOutcome& outcome);
  // Settles a job the handler has not finished (or finished only because the timeout or shutdown
  // stopped it): failed with `error_type` and the handler's `result_json` if it returned one
  // (then abandoned()), or for a shutdown of a retryable job, released to the queue (the
  // attempt is given back, so its result is not kept).
  void settle_behind_handler(const RunningJob& running, const char* error_type, const std::string& message,
                             const std::string& result_json = {});

  // Supervisor side (supervisor.cpp).
  void supervisor_loop();
  void enforce_timeouts();
  void renew_leases();
  void recover();
  // Every handler's reconcile(), each on its own (one throwing does not stop the others).
  void reconcile_handlers();
  void enqueue_scheduled();
  void call_abandoned(const JobRecord& job, std::shared_ptr<JobHandler> handler, std::string_view error_type);

  JobStore& store_;
  std::vector<config::PoolConfig> pools_;
  config::QueueConfig queue_;
  std::shared_ptr<Logger> logger_;
  WorkerTuning tuning_;
  std::string worker_id_;
  std::int64_t lease_ms_;
  std::chrono::milliseconds heartbeat_interval_;
  std::chrono::milliseconds recovery_interval_;

  std::map<std::string, std::shared_ptr<JobHandler>> handlers_; // fixed after start()
  std::vector<std::string> types_;
  std::vector<Schedule> schedules_;

  std::mutex mutex_;
  std::condition_variable work_available_; // workers: wake() or stop
  std::condition_variable state_changed_;  // a job finished or a worker exited (stop waits on it)
  std::condition_variable supervisor_wake_;
  std::map<std::string, std::shared_ptr<RunningJob>> running_;
  std::uint64_t wake_generation_ = 0;
  int live_workers_ = 0;
  bool started_ = false;
  bool stopping_ = false;
  bool stopped_ = false;
  bool supervisor_stop_ = false;
  std::thread supervisor_;
  std::mt19937_64 random_; // jitter; under mutex_
};

} // namespace agenthost::queue
