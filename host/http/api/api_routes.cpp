#include "http/api/api_routes.hpp"

#include "http/api/backend_routes.hpp"
#include "http/api/event_routes.hpp"
#include "http/api/job_routes.hpp"
#include "http/api/route_registration.hpp"

namespace agenthost::http {
namespace {

void register_store_routes(Router& router, const std::shared_ptr<ApiContext>& context) {
  register_openapi_route(router, context);
  register_user_routes(router, context);
  register_tool_routes(router, context);
  register_agent_routes(router, context);
}

} // namespace

void register_api_routes(Router& router, std::shared_ptr<ApiContext> context, const ApiServices& services) {
  register_store_routes(router, context);
  register_conversation_routes(router, context, TurnRoutes{services.turns, services.jobs});
  register_job_routes(router, context);
  register_event_routes(router, context, services.events, services.sse);
  BackendServices backends = services.backends;
  if (!backends.jobs) backends.jobs = services.jobs;
  register_backend_routes(router, context, std::move(backends));
  DocumentServices documents = services.documents;
  if (!documents.jobs) documents.jobs = services.jobs;
  register_document_routes(router, context, std::move(documents));
}

void register_api_routes(Router& router, std::shared_ptr<ApiContext> context) {
  register_store_routes(router, context);
  register_conversation_routes(router, context, TurnRoutes{});
  register_backend_routes(router, context, BackendServices{});
  register_document_routes(router, context, DocumentServices{});
}

} // namespace agenthost::http
