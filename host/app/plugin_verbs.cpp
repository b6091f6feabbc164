// `agenthost plugins list` and `agenthost plugins inspect FILE`.
#include "app/deployment.hpp"
#include "app/verbs.hpp"
#include "config/config_error.hpp"
#include "plugins/catalog_rendering.hpp"
#include "plugins/plugin_loader.hpp"

#include <filesystem>
#include <iostream>
#include <variant>

namespace agenthost::app {

int run_plugins_list(const Command& command) {
  // The config only matters for [plugins] path; an invalid config is still an error here, so
  // that the listing never silently differs from what `serve` would load.
  const config::LoadResult loaded = load_deployment_config(command);
  if (!loaded.errors.empty()) config::throw_config_errors(loaded.errors);
  const plugins::PluginCatalog catalog = discover_plugins(loaded.config);
  if (command.json) {
    std::cout << json::dump(plugins::catalog_to_json(catalog)) << "\n";
  } else {
    std::cout << plugins::format_catalog(catalog);
  }
  return 0;
}

int run_plugins_inspect(const Command& command) {
  std::error_code ignored;
  const std::string path = std::filesystem::absolute(command.file, ignored).lexically_normal().string();
  const plugins::Inspection inspection = plugins::inspect(path.empty() ? command.file : path);
  if (command.json) {
    std::cout << json::dump(plugins::inspection_to_json(inspection)) << "\n";
  } else {
    std::cout << plugins::format_inspection(inspection);
  }
  // A refused file is a failed inspection: scripts can test the exit status.
  return std::holds_alternative<plugins::PluginInfo>(inspection) ? 0 : 1;
}

} // namespace agenthost::app
