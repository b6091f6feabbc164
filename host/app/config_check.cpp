// `agenthost config check`: every error in the config file, including each instance's settings
// checked against its component's schema, printed at once. A valid file is followed by each
// backend as the host will run it: its host keys with their effective values and its plugin
// settings, secrets redacted exactly as GET /api/v1/backends redacts them.
#include "app/deployment.hpp"
#include "app/verbs.hpp"
#include "config/config_error.hpp"
#include "http/api/backend_json.hpp"
#include "plugins/instance_plan.hpp"

#include <iostream>

namespace agenthost::app {
namespace {

// A value as an INI line shows it: strings bare, numbers as numbers, null as a note.
std::string ini_value(const json::Value& value) {
  if (value.is_null()) return "(not set)";
  if (value.is_string()) return value.as_string();
  return json::dump(value);
}

void print_backends(const config::Config& config, const plugins::PluginCatalog& catalog, std::ostream& out) {
  for (const config::InstanceConfig& backend : config.backends) {
    out << "\n[" << backend.section() << "]\nplugin = " << backend.plugin << "\n";
    out << "# host settings (effective values)\n";
    for (const auto& [key, value] : config::backend_host_values(backend.host_settings))
      out << key << " = " << ini_value(value) << "\n";
    if (backend.settings.empty()) continue;
    out << "# plugin settings\n";
    const plugins::ComponentInfo* component = catalog.find_type(backend.plugin);
    const json::Value shown =
        http::displayed_settings(backend.settings, component ? component->settings_schema : json::Value());
    for (const config::RawSetting& setting : backend.settings)
      out << setting.key << " = " << ini_value(shown[setting.key]) << "\n";
  }
}

} // namespace

int run_config_check(const Command& command) {
  const std::string path = config_path_of(command);
  const config::LoadResult loaded = load_deployment_config(command);
  std::vector<config::ConfigError> errors = loaded.errors;
  std::vector<std::string> warnings;
  std::optional<plugins::PluginCatalog> catalog;
  if (errors.empty()) {
    // Only a structurally valid config is matched against plugins: otherwise every typo in a
    // section would also show up as a missing instance.
    catalog = discover_plugins(loaded.config);
    plugins::InstancePlan plan = plugins::plan_instances(*catalog, loaded.config);
    errors = std::move(plan.errors);
    warnings = std::move(plan.warnings);
  }
  for (const std::string& warning : warnings) std::cerr << "warning: " << warning << "\n";
  const std::string shown = path.empty() ? "(built-in defaults)" : path;
  if (!errors.empty()) {
    for (const config::ConfigError& error : errors) std::cerr << error.format() << "\n";
    std::cerr << shown << ": " << errors.size() << (errors.size() == 1 ? " error" : " errors") << "\n";
    return 1;
  }
  std::cout << shown << ": OK (" << loaded.config.backends.size() << " backends, " << loaded.config.tools.size()
            << " tools, " << loaded.config.strategies.size() << " strategies, " << loaded.config.agents.size()
            << " agents)\n";
  print_backends(loaded.config, *catalog, std::cout);
  return 0;
}

} // namespace agenthost::app
