// Every /api/v1 route (but /api/v1/plugins, which needs the plugin catalog: see
// http/plugin_routes.hpp), registered in one call at startup.
#pragma once

#include "http/api/api_context.hpp"
#include "http/router.hpp"

#include <memory>

namespace agenthost::http {

void register_api_routes(Router& router, std::shared_ptr<ApiContext> context);

} // namespace agenthost::http
