// `agenthost config check`: every error in the config file, including each instance's settings
// checked against its component's schema, printed at once. A valid file is followed by each
// component instance as the host will run it: its host keys (egress, cache, and a backend's fault
// and estimator keys) with their effective values and its plugin settings, secrets redacted
// exactly as GET /api/v1/backends redacts them.
#include "app/deployment.hpp"
#include "app/verbs.hpp"
#include "config/config_error.hpp"
#include "config/instance_host_values.hpp"
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

void print_instance(const config::InstanceConfig& instance, const plugins::PluginCatalog& catalog, std::ostream& out) {
  out << "\n[" << instance.section() << "]\nplugin = " << instance.plugin << "\n";
  out << "# host settings (effective values)\n";
  for (const auto& [key, value] : config::instance_host_values(instance)) out << key << " = " << ini_value(value) << "\n";
  if (instance.settings.empty()) return;
  out << "# plugin settings\n";
  const plugins::ComponentInfo* component = catalog.find_type(instance.plugin);
  const json::Value shown =
      http::displayed_settings(instance.settings, component ? component->settings_schema : json::Value());
  for (const config::RawSetting& setting : instance.settings)
    out << setting.key << " = " << ini_value(shown[setting.key]) << "\n";
}

void print_instances(const config::Config& config, const plugins::PluginCatalog& catalog, std::ostream& out) {
  for (const auto* kind : {&config.backends, &config.tools, &config.strategies, &config.cleaners})
    for (const config::InstanceConfig& instance : *kind) print_instance(instance, catalog, out);
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
  print_instances(loaded.config, *catalog, std::cout);
  return 0;
}

} // namespace agenthost::app
