// GET /api/v1/plugins (admins only): the loaded plugins with their versions and components, and
// the files that were refused with the reason (the same rendering as
// `agenthost plugins list --json`). Admin-only because it shows server paths.
#pragma once

#include <memory>

namespace agenthost::plugins {
class PluginCatalog;
}

namespace agenthost::http {

class Router;
struct ApiContext;

// The catalog must outlive the router (it is built once at startup and never changes).
void register_plugin_routes(Router& router, std::shared_ptr<ApiContext> context, const plugins::PluginCatalog& catalog);

} // namespace agenthost::http
