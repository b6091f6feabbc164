#include "http/plugin_routes.hpp"

#include <memory>
#include <string>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"
#include "plugins/catalog_rendering.hpp"

namespace agenthost::http {

void register_plugin_routes(Router& router, const plugins::PluginCatalog& catalog) {
  // The catalog is immutable after startup, so the body is rendered once.
  auto body = std::make_shared<const std::string>(json::dump(plugins::catalog_to_json(catalog)));
  router.add("GET", "/api/v1/plugins", [body](Request&, Response& response) { response.send_json(200, *body); });
}

} // namespace agenthost::http
