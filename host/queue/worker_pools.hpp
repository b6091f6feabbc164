// Threads that run jobs: one set per configured pool ([pool.NAME] queues, workers, timeout),
// plus one supervisor thread that renews leases, enforces timeouts, recovers dead workers'
// jobs and enqueues recurring jobs.
//
// Workers sleep on a condition variable: wake() (a job enqueued on this host) starts them at
// once; otherwise they look every poll interval for jobs enqueued by other hosts or whose
// delay ran out. No worker holds a database connection while a handler runs.
#pragma once

#include "common/logger.hpp"
#include "config/config.hpp"
#include "queue/job_handler.hpp"
#include "queue/job_store.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::queue {

// Knobs with sensible defaults that tests and benchmarks shorten.
struct WorkerTuning {
  std::chrono::milliseconds poll_interval{1000};      // idle workers look this often
  std::chrono::milliseconds supervisor_tick{100};     // timeout checks, heartbeat and recovery granularity
  std::chrono::milliseconds timeout_grace{2000};      // after a timeout's cancel, before failing behind the handler
  std::chrono::milliseconds retry_base{1000};         // first retry's backoff
  std::chrono::milliseconds retry_cap{300000};        // longest backoff
  std::int64_t lease_ms_override = 0;                 // > 0: lease in ms instead of [queue] lease_seconds
};

class WorkerPools {
public:
  WorkerPools(JobStore& store, std::vector<config::PoolConfig> pools, config::QueueConfig queue,
              std::shared_ptr<Logger> logger, WorkerTuning tuning = {});
  ~WorkerPools(); // stop(shutdown grace) if still running
  WorkerPools(const WorkerPools&) = delete;
  WorkerPools& operator=(const WorkerPools&) = delete;

  // Before start().
  void register_handler(std::string type, std::shared_ptr<JobHandler> handler);
  // Recovers expired leases first, then starts workers, heartbeat and periodic recovery.
  void start();
  // A job was enqueued on this host: idle workers look now (no polling delay).
  void wake();
  // Sets the running job's cancel flag now if it runs on this host (reason requested).
  bool cancel_local(std::string_view job_id);
  // JobStore::request_cancel, then cancel_local: a queued job is cancelled, a running one told.
  bool cancel(std::string_view job_id);
  // Stop claiming; wait up to `grace` for running jobs; then cancel (reason shutdown) and
  // release the rest (retryable: queued again; else failed "shutdown" and abandoned()). Joins
  // the threads. True when every job finished within the grace period.
  bool stop(std::chrono::seconds grace);
  // Enqueues a job of `type` on `queue` every `interval` (first one at start), unless one is
  // queued already. Before start().
  void schedule_every(std::string type, std::string queue, std::chrono::seconds interval);

  // "host:pid:random", written as lease_owner on the jobs this process runs.
  const std::string& worker_id() const;
  std::size_t running_count() const;

private:
  class Impl;
  std::shared_ptr<Impl> impl_; // shared with its threads (see worker_pools_impl.hpp)
};

// Host name + pid + random suffix.
std::string make_worker_id();

} // namespace agenthost::queue
