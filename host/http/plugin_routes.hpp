// GET /api/v1/plugins: the loaded plugins with their versions and components, and the files
// that were refused with the reason (the same rendering as `agenthost plugins list --json`).
#pragma once

namespace agenthost::plugins {
class PluginCatalog;
}

namespace agenthost::http {

class Router;

// The catalog must outlive the router (it is built once at startup and never changes).
void register_plugin_routes(Router& router, const plugins::PluginCatalog& catalog);

} // namespace agenthost::http
