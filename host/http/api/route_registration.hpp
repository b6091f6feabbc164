// Each group of API routes registers itself through one function; api_routes.cpp calls them all.
#pragma once

#include "http/api/api_context.hpp"
#include "http/router.hpp"

#include <memory>

namespace agenthost::http {

void register_user_routes(Router& router, std::shared_ptr<ApiContext> context);
void register_tool_routes(Router& router, std::shared_ptr<ApiContext> context);
void register_agent_routes(Router& router, std::shared_ptr<ApiContext> context);
void register_conversation_routes(Router& router, std::shared_ptr<ApiContext> context);
void register_openapi_route(Router& router, std::shared_ptr<ApiContext> context);

} // namespace agenthost::http
