#include "http/api/api_routes.hpp"

#include "http/api/route_registration.hpp"

namespace agenthost::http {

void register_api_routes(Router& router, std::shared_ptr<ApiContext> context) {
  register_openapi_route(router, context);
  register_user_routes(router, context);
  register_tool_routes(router, context);
  register_agent_routes(router, context);
  register_conversation_routes(router, context);
}

} // namespace agenthost::http
