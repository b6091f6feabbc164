// Event logs as Server-Sent Events, one implementation for every stream:
//   GET /api/v1/conversations/{id}/events   the conversation's turns
//   GET /api/v1/jobs/{id}/events            a job's progress (stream id = job id; model pulls)
//
// Owner only (another user's conversation or job → 404). `Last-Event-ID` (header) or `?after=N`
// replays events with seq > N, then follows live with no gap and no duplicate; with neither it
// follows live only. A value that is not a non-negative integer, or beyond the stream's last
// seq, → 400. After the headers the socket is detached and served by the SseWriter.
#pragma once

#include "events/event_log.hpp"
#include "http/api/api_context.hpp"
#include "http/router.hpp"
#include "http/sse/sse_writer.hpp"

#include <memory>

namespace agenthost::http {

void register_event_routes(Router& router, std::shared_ptr<ApiContext> context,
                           std::shared_ptr<events::EventLog> events, std::shared_ptr<SseWriter> writer);

} // namespace agenthost::http
