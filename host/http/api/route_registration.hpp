// Each group of API routes registers itself through one function; api_routes.cpp calls them all.
#pragma once

#include "http/api/api_context.hpp"
#include "http/router.hpp"
#include "queue/job_store.hpp"
#include "runtime/turn_service.hpp"

#include <memory>

namespace agenthost::http {

void register_user_routes(Router& router, std::shared_ptr<ApiContext> context);
void register_tool_routes(Router& router, std::shared_ptr<ApiContext> context);
void register_agent_routes(Router& router, std::shared_ptr<ApiContext> context);
// The turn engine behind POST .../messages and .../cancel; both null: messages are only stored
// and there is no cancel route (the API's tests without a queue).
struct TurnRoutes {
  std::shared_ptr<runtime::TurnService> service;
  std::shared_ptr<queue::JobStore> jobs;
};
void register_conversation_routes(Router& router, std::shared_ptr<ApiContext> context, const TurnRoutes& turns);
void register_openapi_route(Router& router, std::shared_ptr<ApiContext> context);

} // namespace agenthost::http
