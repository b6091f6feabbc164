#include "queue/job_store.hpp"

#include "common/error.hpp"
#include "store/ids.hpp"
#include "store/pagination.hpp"
#include "store/timestamps.hpp"

#include <algorithm>
#include <cmath>

namespace agenthost::queue {
namespace {

using store::Row;
using store::SqlParams;
using store::SqlValue;

constexpr const char* kJobColumns =
    "id, type, queue, payload, owner_id, conversation_id, state, attempts, max_attempts, timeout_seconds,"
    " available_at, lease_owner, lease_expires_at, cancel_requested, error_type, error, result, progress,"
    " created_at, started_at, finished_at, updated_at";

JobRecord job_of(const Row& row) {
  JobRecord job;
  job.id = row.text(0);
  job.type = row.text(1);
  job.queue = row.text(2);
  job.payload_json = row.text(3);
  job.owner_id = row.optional_text(4);
  job.conversation_id = row.optional_text(5);
  job.state = row.text(6);
  job.attempts = static_cast<int>(row.integer(7));
  job.max_attempts = static_cast<int>(row.integer(8));
  job.timeout_seconds = static_cast<int>(row.integer(9));
  job.available_at = row.integer(10);
  job.lease_owner = row.optional_text(11);
  job.lease_expires_at = row.optional_integer(12);
  job.cancel_requested = row.boolean(13);
  job.error_type = row.optional_text(14);
  job.error = row.optional_text(15);
  job.result_json = row.optional_text(16);
  job.progress_json = row.optional_text(17);
  job.created_at = row.integer(18);
  job.started_at = row.optional_integer(19);
  job.finished_at = row.optional_integer(20);
  job.updated_at = row.integer(21);
  return job;
}

// jobs.result for an outcome's result: NULL when it carried none.
SqlValue result_value(const std::string& result_json) {
  return result_json.empty() ? SqlValue(store::sql_null) : SqlValue(result_json);
}

void validate(const JobSpec& spec) {
  if (spec.type.empty()) throw Error(ErrorKind::invalid_request, "a job needs a type (the name a handler is registered under)");
  if (spec.queue != kQueueHigh && spec.queue != kQueueDefault && spec.queue != kQueueLow) {
    throw Error(ErrorKind::invalid_request, "unknown job queue '" + spec.queue + "'; use high, default or low");
  }
  if (spec.max_attempts < 1) throw Error(ErrorKind::invalid_request, "a job's max_attempts must be at least 1");
  if (spec.timeout_seconds < 0) throw Error(ErrorKind::invalid_request, "a job's timeout_seconds must be >= 0 (0: the pool's)");
  if (spec.delay_ms < 0) throw Error(ErrorKind::invalid_request, "a job's delay_ms must be >= 0");
}

JobRecord record_of(const JobSpec& spec, std::int64_t now) {
  JobRecord job;
  job.id = store::new_id("job_");
  job.type = spec.type;
  job.queue = spec.queue;
  job.payload_json = spec.payload_json;
  job.owner_id = spec.owner_id;
  job.conversation_id = spec.conversation_id;
  job.state = kStateQueued;
  job.max_attempts = spec.max_attempts;
  job.timeout_seconds = spec.timeout_seconds;
  job.available_at = now + spec.delay_ms;
  job.created_at = now;
  job.updated_at = now;
  return job;
}

void insert(store::Connection& connection, const JobRecord& job) {
  connection.execute("INSERT INTO jobs (id, type, queue, payload, owner_id, conversation_id, state, attempts,"
                     " max_attempts, timeout_seconds, available_at, created_at, updated_at)"
                     " VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?, ?)",
                     {job.id, job.type, job.queue, job.payload_json, store::nullable(job.owner_id),
                      store::nullable(job.conversation_id), std::int64_t{job.max_attempts},
                      std::int64_t{job.timeout_seconds}, job.available_at, job.created_at, job.updated_at});
}

// FNV-1a: a key for PostgreSQL's advisory lock that is the same in every host process.
std::int64_t stable_hash(std::string_view text) {
  std::uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return static_cast<std::int64_t>(hash);
}

} // namespace

JobRecord JobStore::enqueue(store::Connection& open_transaction, const JobSpec& spec) {
  validate(spec);
  JobRecord job = record_of(spec, store::now_ms());
  insert(open_transaction, job);
  return job;
}

JobRecord JobStore::enqueue(const JobSpec& spec) {
  validate(spec);
  JobRecord job = record_of(spec, store::now_ms());
  store::Connection connection = database_.connect();
  insert(connection, job); // one statement: autocommit is its own transaction
  return job;
}

std::optional<JobRecord> JobStore::enqueue_unless_queued(const JobSpec& spec) {
  validate(spec);
  return database_.transaction([&](store::Connection& connection) -> std::optional<JobRecord> {
    // SQLite's BEGIN IMMEDIATE already serializes this check-then-insert; PostgreSQL's read
    // committed does not, so hosts take a per-type advisory lock for the transaction.
    if (connection.dialect().engine() == store::Engine::postgresql) {
      connection.query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(CAST(? AS BIGINT))) AS locked", {stable_hash("agenthost.jobs." + spec.type)});
    }
    if (connection.query_one("SELECT id FROM jobs WHERE type = ? AND state = 'queued' LIMIT 1", {spec.type})) {
      return std::nullopt;
    }
    JobRecord job = record_of(spec, store::now_ms());
    insert(connection, job);
    return job;
  });
}

std::optional<JobRecord> JobStore::find(std::string_view id) {
  store::Connection connection = database_.connect();
  auto row = connection.query_one(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id = ?", {std::string(id)});
  if (!row) return std::nullopt;
  return job_of(*row);
}

std::optional<JobRecord> JobStore::find_for_owner(std::string_view owner_id, std::string_view id) {
  store::Connection connection = database_.connect();
  auto row = connection.query_one(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id = ? AND owner_id = ?",
                                  {std::string(id), std::string(owner_id)});
  if (!row) return std::nullopt;
  return job_of(*row);
}

bool JobStore::request_cancel(std::string_view id) {
  const std::int64_t now = store::now_ms();
  store::Connection connection = database_.connect();
  if (connection.execute("UPDATE jobs SET state = 'cancelled', cancel_requested = TRUE, error_type = 'cancelled',"
                         " error = 'cancelled before it started', finished_at = ?, updated_at = ?"
                         " WHERE id = ? AND state = 'queued'",
                         {now, now, std::string(id)}) > 0) {
    return true;
  }
  // Claimed meanwhile, or running already: the worker's heartbeat (or cancel_local) tells the handler.
  return connection.execute("UPDATE jobs SET cancel_requested = TRUE, updated_at = ? WHERE id = ? AND state = 'running'",
                            {now, std::string(id)}) > 0;
}

std::optional<JobRecord> JobStore::claim(const ClaimRequest& request) {
  if (request.types.empty() || request.queues.empty()) return std::nullopt;
  store::Connection connection = database_.connect();
  const bool postgres = connection.dialect().engine() == store::Engine::postgresql;
  // One statement per queue, in priority order: each is ordered by the jobs_claim index
  // (state, queue, available_at, id), so a claim costs the same with a long backlog.
  for (const std::string& queue : request.queues) {
    const std::int64_t now = store::now_ms();
    std::string sql = std::string("UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?,"
                                  " lease_expires_at = ?, started_at = ?, updated_at = ?, result = NULL,"
                                  " timeout_seconds = CASE WHEN timeout_seconds = 0 THEN ? ELSE timeout_seconds END"
                                  " WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND queue = ?"
                                  " AND available_at <= ? AND type IN (") +
                      store::placeholders(request.types.size()) + ") ORDER BY available_at, id LIMIT 1" +
                      (postgres ? " FOR UPDATE SKIP LOCKED" : "") + ") AND state = 'queued' RETURNING " + kJobColumns;
    SqlParams params = {request.worker, now + request.lease_ms, now, now, std::int64_t{request.default_timeout_seconds},
                        queue, now};
    for (const std::string& type : request.types) params.emplace_back(type);
    store::Rows rows = connection.query(sql, params);
    if (!rows.empty()) return job_of(rows[0]);
  }
  return std::nullopt;
}

std::vector<LeaseStatus> JobStore::heartbeat(std::string_view worker, std::int64_t lease_ms) {
  const std::int64_t now = store::now_ms();
  store::Connection connection = database_.connect();
  store::Rows rows = connection.query("UPDATE jobs SET lease_expires_at = ?, updated_at = ?"
                                      " WHERE lease_owner = ? AND state = 'running' RETURNING id, cancel_requested",
                                      {now + lease_ms, now, std::string(worker)});
  std::vector<LeaseStatus> leases;
  leases.reserve(rows.size());
  for (const Row& row : rows) leases.push_back(LeaseStatus{row.text(0), row.boolean(1)});
  return leases;
}

bool JobStore::succeed(std::string_view id, std::string_view worker, const std::string& result_json) {
  const std::int64_t now = store::now_ms();
  store::Connection connection = database_.connect();
  return connection.execute("UPDATE jobs SET state = 'succeeded', result = ?, lease_expires_at = NULL,"
                            " finished_at = ?, updated_at = ? WHERE id = ? AND lease_owner = ? AND state = 'running'",
                            {result_json, now, now, std::string(id), std::string(worker)}) > 0;
}

bool JobStore::fail(std::string_view id, std::string_view worker, std::string_view error_type, std::string_view message,
                    const std::string& result_json) {
  const std::int64_t now = store::now_ms();
  store::Connection connection = database_.connect();
  return connection.execute("UPDATE jobs SET state = 'failed', error_type = ?, error = ?, result = ?,"
                            " lease_expires_at = NULL, finished_at = ?, updated_at = ?"
                            " WHERE id = ? AND lease_owner = ? AND state = 'running'",
                            {std::string(error_type), std::string(message), result_value(result_json), now, now,
                             std::string(id), std::string(worker)}) > 0;
}

bool JobStore::cancel_running(std::string_view id, std::string_view worker, const std::string& result_json) {
  const std::int64_t now = store::now_ms();
  store::Connection connection = database_.connect();
  return connection.execute("UPDATE jobs SET state = 'cancelled', error_type = 'cancelled', error = 'cancelled by request',"
                            " result = ?, lease_expires_at = NULL, finished_at = ?, updated_at = ?"
                            " WHERE id = ? AND lease_owner = ? AND state = 'running'",
                            {result_value(result_json), now, now, std::string(id), std::string(worker)}) > 0;
}

bool JobStore::retry_later(std::string_view id, std::string_view worker, std::int64_t delay_ms,
                           std::string_view message, const std::string& result_json) {
  const std::int64_t now = store::now_ms();
  store::Connection connection = database_.connect();
  return connection.execute("UPDATE jobs SET state = 'queued', available_at = ?, error_type = 'failed', error = ?,"
                            " result = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?"
                            " WHERE id = ? AND lease_owner = ? AND state = 'running'",
                            {now + delay_ms, std::string(message), result_value(result_json), now, std::string(id),
                             std::string(worker)}) > 0;
}

bool JobStore::release(std::string_view id, std::string_view worker) {
  const std::int64_t now = store::now_ms();
  store::Connection connection = database_.connect();
  return connection.execute("UPDATE jobs SET state = 'queued', attempts = attempts - 1, available_at = ?,"
                            " lease_owner = NULL, lease_expires_at = NULL, updated_at = ?"
                            " WHERE id = ? AND lease_owner = ? AND state = 'running'",
                            {now, now, std::string(id), std::string(worker)}) > 0;
}

std::vector<RecoveredJob> JobStore::recover_expired(std::int64_t now_ms) {
  const std::int64_t now = store::now_ms();
  store::Connection connection = database_.connect();
  // A job whose cancel was requested is not worth another attempt.
  const char* retryable = "attempts < max_attempts AND cancel_requested = FALSE";
  std::string sql = std::string("UPDATE jobs SET state = CASE WHEN ") + retryable + " THEN 'queued' ELSE 'failed' END," +
                    " finished_at = CASE WHEN " + retryable + " THEN NULL ELSE CAST(? AS BIGINT) END," +
                    " error_type = 'worker_lost',"
                    " error = 'the worker running it stopped renewing its lease (it crashed, hung or lost the database)',"
                    " available_at = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?"
                    " WHERE state = 'running' AND lease_expires_at <= ? RETURNING " +
                    kJobColumns;
  store::Rows rows = connection.query(sql, {now, now, now, now_ms});
  std::vector<RecoveredJob> recovered;
  for (const Row& row : rows) {
    JobRecord job = job_of(row);
    const bool requeued = job.state == kStateQueued;
    recovered.push_back(RecoveredJob{std::move(job), requeued});
  }
  return recovered;
}

void JobStore::write_progress(std::string_view id, const std::string& progress_json) {
  store::Connection connection = database_.connect();
  connection.execute("UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ?",
                     {progress_json, store::now_ms(), std::string(id)});
}

std::int64_t retry_delay_ms(int attempt, std::int64_t base_ms, std::int64_t cap_ms, double random01) {
  const int doublings = std::clamp(attempt - 1, 0, 40);
  const double exponential = static_cast<double>(base_ms) * std::ldexp(1.0, doublings);
  const double capped = std::min(exponential, static_cast<double>(cap_ms));
  const double jitter = std::clamp(random01, 0.0, 1.0);
  return static_cast<std::int64_t>(capped / 2 + capped / 2 * jitter);
}

} // namespace agenthost::queue
