// What a durable job is: the spec a caller enqueues, the row the store keeps, and what a
// handler's run comes to.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace agenthost::queue {

// Queues in priority order: a pool serving several takes `high` before `default` before `low`.
inline constexpr const char* kQueueHigh = "high";
inline constexpr const char* kQueueDefault = "default";
inline constexpr const char* kQueueLow = "low";

// Job states as stored in jobs.state.
inline constexpr const char* kStateQueued = "queued";
inline constexpr const char* kStateRunning = "running";
inline constexpr const char* kStateSucceeded = "succeeded";
inline constexpr const char* kStateFailed = "failed";
inline constexpr const char* kStateCancelled = "cancelled";

// error_type values the queue itself writes (handlers may use their own).
inline constexpr const char* kErrorTimeout = "timeout";         // ran past its timeout
inline constexpr const char* kErrorWorkerLost = "worker_lost";  // its worker died (lease expired)
inline constexpr const char* kErrorShutdown = "shutdown";       // released at shutdown, not retryable
inline constexpr const char* kErrorFailed = "failed";           // retries exhausted, or the handler threw
inline constexpr const char* kErrorCancelled = "cancelled";
inline constexpr const char* kErrorUnknownType = "unknown_job_type";

struct JobSpec {
  std::string type;
  std::string queue = "default"; // high | default | low
  std::string payload_json = "{}";
  std::optional<std::string> owner_id;        // who may see it (none: a system job)
  std::optional<std::string> conversation_id; // for turns
  int max_attempts = 1;                       // turns run once; > 1 allows JobOutcome::retry
  int timeout_seconds = 0;                    // 0: the serving pool's timeout
  std::int64_t delay_ms = 0;                  // not claimed before now + delay
};

struct JobRecord {
  std::string id;
  std::string type;
  std::string queue;
  std::string payload_json;
  std::optional<std::string> owner_id;
  std::optional<std::string> conversation_id;
  std::string state; // queued | running | succeeded | failed | cancelled
  int attempts = 0;  // claims so far (incremented when claimed)
  int max_attempts = 1;
  int timeout_seconds = 0; // 0 until claimed when enqueued with 0; then the pool's timeout
  std::int64_t available_at = 0;
  std::optional<std::string> lease_owner;
  std::optional<std::int64_t> lease_expires_at;
  bool cancel_requested = false;
  std::optional<std::string> error_type;
  std::optional<std::string> error;
  // The last ended attempt's JobOutcome::result_json (any outcome, see JobOutcome); none while
  // an attempt runs, and none when the outcome carried none.
  std::optional<std::string> result_json;
  std::optional<std::string> progress_json;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> started_at;
  std::optional<std::int64_t> finished_at;
  std::int64_t updated_at = 0;

  bool finished() const { return state == kStateSucceeded || state == kStateFailed || state == kStateCancelled; }
};

// Why a running job's cancel flag was raised.
enum class CancelReason { none, requested, timeout, shutdown };

// What a handler's run came to. Every kind may carry a result: a succeeded run's result is what
// it produced; a failed, retried or cancelled run's is what it did before it ended (a turn's
// usage, context-filter report and cache counters), so the job record keeps it for operators.
// An empty result_json stores none (jobs.result stays NULL).
struct JobOutcome {
  enum class Kind { succeeded, failed, retry, cancelled };

  static JobOutcome succeeded(std::string result_json = "{}") {
    return JobOutcome{Kind::succeeded, std::move(result_json), {}, {}};
  }
  // Final: not retried whatever attempts remain.
  static JobOutcome failed(std::string error_type, std::string message, std::string result_json = {}) {
    return JobOutcome{Kind::failed, std::move(result_json), std::move(error_type), std::move(message)};
  }
  // Retried after an exponential backoff with jitter if attempts remain; else failed ("failed").
  // The result stays on the row while the job waits for its next attempt; claiming that attempt
  // clears it, so a running or later-finished attempt never shows an earlier attempt's result.
  static JobOutcome retry(std::string message, std::string result_json = {}) {
    return JobOutcome{Kind::retry, std::move(result_json), kErrorFailed, std::move(message)};
  }
  // The handler stopped because its cancel flag was raised.
  static JobOutcome cancelled(std::string result_json = {}) {
    return JobOutcome{Kind::cancelled, std::move(result_json), kErrorCancelled, "cancelled"};
  }

  Kind kind = Kind::succeeded;
  std::string result_json; // empty: no result
  std::string error_type;
  std::string message;
};

} // namespace agenthost::queue
