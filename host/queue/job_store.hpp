// Durable jobs in the store's `jobs` table: enqueue, atomic claim with a lease, heartbeat,
// finish, retry, release, cancel and recovery of expired leases.
//
// Claiming is one statement per queue, atomic on both engines: SQLite runs
// `UPDATE jobs SET ... WHERE id = (SELECT id ... LIMIT 1) RETURNING ...` (a write statement
// takes the write lock before it reads, so two claimers never get the same row); PostgreSQL
// adds `FOR UPDATE SKIP LOCKED` to the subquery so concurrent claimers skip each other's row
// instead of waiting on it.
//
// Every transition of a running job is conditional on the lease owner, so a worker that lost
// its lease (recovered as dead) cannot overwrite what recovery decided.
#pragma once

#include "queue/job.hpp"
#include "store/database.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::queue {

struct ClaimRequest {
  std::string worker;                  // the lease owner written on the row
  std::vector<std::string> queues;     // tried in priority order (high, default, low)
  std::vector<std::string> types;      // only these job types (the ones with a handler here)
  std::int64_t lease_ms = 30000;       // lease_expires_at = now + lease_ms
  int default_timeout_seconds = 120;   // written on jobs enqueued with timeout_seconds = 0
};

// A job recovery took from a dead worker.
struct RecoveredJob {
  JobRecord job;     // after recovery: queued again, or failed with worker_lost
  bool requeued = false;
};

// A running job's lease as the heartbeat found it.
struct LeaseStatus {
  std::string id;
  bool cancel_requested = false;
};

class JobStore {
public:
  explicit JobStore(store::Database& database) : database_(database) {}

  store::Database& database() { return database_; }

  // Inserts a queued job in the caller's open transaction (commits with it). Throws
  // Error(invalid_request) for an unknown queue, an empty type or max_attempts < 1.
  JobRecord enqueue(store::Connection& open_transaction, const JobSpec& spec);
  // Inserts a queued job in its own transaction.
  JobRecord enqueue(const JobSpec& spec);
  // Enqueues unless a queued job of spec.type exists already (recurring system jobs); nullopt
  // when one does.
  std::optional<JobRecord> enqueue_unless_queued(const JobSpec& spec);

  std::optional<JobRecord> find(std::string_view id);
  // nullopt for another owner's job, as for a missing one.
  std::optional<JobRecord> find_for_owner(std::string_view owner_id, std::string_view id);

  // queued → cancelled at once (true); running → cancel_requested set (true; the worker
  // raises the handler's flag); finished or missing → false.
  bool request_cancel(std::string_view id);

  // Claims the next available job: running, attempts + 1, leased to request.worker, and no
  // result (a retried job's earlier attempt's result is not this attempt's).
  std::optional<JobRecord> claim(const ClaimRequest& request);

  // Renews the leases of `worker`'s running jobs (one statement) and reports them with their
  // cancel_requested flag. A job missing from the result is no longer this worker's.
  std::vector<LeaseStatus> heartbeat(std::string_view worker, std::int64_t lease_ms);

  // Terminal transitions of a job `worker` holds. Each returns false (and changes nothing) when
  // the worker no longer holds the job. `result_json` is stored in jobs.result whatever the
  // outcome (see JobOutcome); empty stores NULL.
  bool succeed(std::string_view id, std::string_view worker, const std::string& result_json);
  bool fail(std::string_view id, std::string_view worker, std::string_view error_type, std::string_view message,
            const std::string& result_json = {});
  bool cancel_running(std::string_view id, std::string_view worker, const std::string& result_json = {});
  // Back to queued, claimable at now + delay_ms, with the error and the failed attempt's result
  // kept for inspection until the next claim (which clears the result).
  bool retry_later(std::string_view id, std::string_view worker, std::int64_t delay_ms, std::string_view message,
                   const std::string& result_json = {});
  // Shutdown: back to queued at once with the interrupted attempt given back.
  bool release(std::string_view id, std::string_view worker);

  // Running jobs whose lease expired at or before `now_ms`: queued again when attempts remain,
  // else failed with worker_lost. One statement; concurrent recoverers never both take a job.
  std::vector<RecoveredJob> recover_expired(std::int64_t now_ms);

  void write_progress(std::string_view id, const std::string& progress_json);

private:
  store::Database& database_;
};

// The delay before retry number `attempt` (1 for the first retry): base * 2^(attempt-1),
// capped, with "equal jitter" (half fixed, half random) so that jobs failing together do not
// retry together. `random01` in [0, 1).
std::int64_t retry_delay_ms(int attempt, std::int64_t base_ms, std::int64_t cap_ms, double random01);

} // namespace agenthost::queue
