// Every /api/v1 route (but /api/v1/plugins, which needs the plugin catalog: see
// http/plugin_routes.hpp), registered in one call at startup.
#pragma once

#include "events/event_log.hpp"
#include "http/api/backend_routes.hpp"
#include "http/api/document_routes.hpp"
#include "http/api/api_context.hpp"
#include "http/router.hpp"
#include "http/sse/sse_writer.hpp"
#include "queue/job_store.hpp"
#include "runtime/turn_service.hpp"

#include <memory>

namespace agenthost::http {

// The running engine behind the turn, job and event routes (serve wires it).
struct ApiServices {
  std::shared_ptr<runtime::TurnService> turns;
  std::shared_ptr<queue::JobStore> jobs;
  std::shared_ptr<events::EventLog> events;
  std::shared_ptr<SseWriter> sse;
  // Backend settings and worker wake-up for the model routes; its `jobs` defaults to `jobs`.
  BackendServices backends{};
  // Upload limits, content types, pipelines and job wake-up for /api/v1/documents; its `jobs`
  // defaults to `jobs`.
  DocumentServices documents{};
};

void register_api_routes(Router& router, std::shared_ptr<ApiContext> context, const ApiServices& services);

// Without the engine (tests of the store-backed routes alone): POST .../messages only stores
// the message ("job": null); no cancel, job, event or model-pull routes.
void register_api_routes(Router& router, std::shared_ptr<ApiContext> context);

} // namespace agenthost::http
