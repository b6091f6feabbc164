#include "http/api/job_json.hpp"

#include "http/api/conversation_json.hpp"
#include "store/timestamps.hpp"

#include <optional>
#include <string>

namespace agenthost::http {
namespace {

json::Value optional_timestamp(const std::optional<std::int64_t>& unix_ms) {
  return unix_ms ? json::Value(store::format_timestamp(*unix_ms)) : json::Value();
}

json::Value optional_embedded(const std::optional<std::string>& stored_json) {
  return stored_json ? embedded_json(*stored_json) : json::Value();
}

// Only a failed or cancelled job has an error to show; a queued job waiting for a retry keeps
// its last error internally but is not in error.
json::Value error_json(const queue::JobRecord& job) {
  if (job.state != queue::kStateFailed && job.state != queue::kStateCancelled) return json::Value();
  if (!job.error_type && !job.error) return json::Value();
  return json::Value::object({{"type", job.error_type.value_or(queue::kErrorFailed)}, {"message", job.error.value_or("")}});
}

} // namespace

json::Value job_json(const queue::JobRecord& job) {
  return json::Value::object({
      {"id", job.id},
      {"type", job.type},
      {"queue", job.queue},
      {"state", job.state},
      {"attempts", job.attempts},
      {"max_attempts", job.max_attempts},
      {"timeout_seconds", job.timeout_seconds},
      {"error", error_json(job)},
      {"result", optional_embedded(job.result_json)},
      {"progress", optional_embedded(job.progress_json)},
      {"conversation_id", job.conversation_id ? json::Value(*job.conversation_id) : json::Value()},
      {"created_at", store::format_timestamp(job.created_at)},
      {"started_at", optional_timestamp(job.started_at)},
      {"finished_at", optional_timestamp(job.finished_at)},
  });
}

} // namespace agenthost::http
