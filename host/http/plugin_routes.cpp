#include "http/plugin_routes.hpp"

#include <memory>
#include <string>

#include "http/api/api_route.hpp"
#include "http/router.hpp"
#include "plugins/catalog_rendering.hpp"

namespace agenthost::http {

void register_plugin_routes(Router& router, std::shared_ptr<ApiContext> context, const plugins::PluginCatalog& catalog) {
  // The catalog is immutable after startup, so the body is rendered once.
  auto body = std::make_shared<const std::string>(json::dump(plugins::catalog_to_json(catalog)));
  add_api_route(router, std::move(context), "GET", "/api/v1/plugins", Access::admin,
                [body](ApiCall&) { return ApiReply::json(200, *body); });
}

} // namespace agenthost::http
