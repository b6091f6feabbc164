// `agenthost config check`: every error in the config file, including each instance's settings
// checked against its component's schema, printed at once.
#include "app/deployment.hpp"
#include "app/verbs.hpp"
#include "config/config_error.hpp"
#include "plugins/instance_plan.hpp"

#include <iostream>

namespace agenthost::app {

int run_config_check(const Command& command) {
  const std::string path = config_path_of(command);
  const config::LoadResult loaded = load_deployment_config(command);
  std::vector<config::ConfigError> errors = loaded.errors;
  std::vector<std::string> warnings;
  if (errors.empty()) {
    // Only a structurally valid config is matched against plugins: otherwise every typo in a
    // section would also show up as a missing instance.
    const plugins::PluginCatalog catalog = discover_plugins(loaded.config);
    plugins::InstancePlan plan = plugins::plan_instances(catalog, loaded.config);
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
  return 0;
}

} // namespace agenthost::app
