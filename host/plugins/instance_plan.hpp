// Matches the configured instances ([backend.X], [tool.X], [strategy.X]) to loaded components
// and converts their settings, without creating anything: what `config check` and startup both
// need. Every problem becomes a config error naming file, line, section and key.
#pragma once

#include "plugins/plugin_catalog.hpp"

#include "config/config.hpp"

#include "agenthost/json.hpp"

#include <string>
#include <vector>

namespace agenthost::plugins {

struct PlannedInstance {
  config::InstanceConfig config;
  ComponentInfo component;
  json::Value settings; // converted, validated, defaults filled in
};

struct InstancePlan {
  // In creation order: backends, tools, strategies (a strategy may complete with a backend
  // while it is created), then cleaning steps. Only instances without problems are planned.
  std::vector<PlannedInstance> instances;
  std::vector<config::ConfigError> errors;
  // Refused plugin files nothing needs: the host starts without them, but says so.
  std::vector<std::string> warnings;

  bool ok() const { return errors.empty(); }
};

// Also checks `[plugins] require`: a required plugin that did not load is an error carrying the
// reason its file was refused.
InstancePlan plan_instances(const PluginCatalog& catalog, const config::Config& config);

} // namespace agenthost::plugins
