// A job as the API shows it (GET /api/v1/jobs/{id}, and the "job" of a 202 to POST messages):
// {"id","type","queue","state","attempts","max_attempts","timeout_seconds",
//  "error":{"type","message"}|null,"result":<json>|null,"progress":<json>|null,
//  "conversation_id":...|null,"created_at","started_at"|null,"finished_at"|null}
// Times are RFC 3339 (store::format_timestamp); result and progress are stored JSON text shown
// as JSON values. The payload, lease owner and owner id are internal and never shown.
#pragma once

#include "queue/job.hpp"

#include <agenthost/json.hpp>

namespace agenthost::http {

json::Value job_json(const queue::JobRecord& job);

} // namespace agenthost::http
