// The running component instances of a deployment, created from a plan and destroyed together.
#pragma once

#include "plugins/host_services.hpp"
#include "plugins/instance.hpp"
#include "plugins/instance_plan.hpp"

#include "config/config_error.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::plugins {

class InstanceSet;

struct InstanceSetResult {
  std::unique_ptr<InstanceSet> instances;  // every instance that could be created
  std::vector<config::ConfigError> errors; // one per instance whose create failed
};

class InstanceSet final : public InstanceDirectory {
public:
  // Creates the planned instances in plan order. A failed create becomes an error naming the
  // config section and the plugin's reason; the others are still created, so one run reports
  // every failure. `config_file` is the path used in those errors.
  static InstanceSetResult create(const InstancePlan& plan, HostServices& services, const std::string& config_file);

  InstanceSet(const InstanceSet&) = delete;
  InstanceSet& operator=(const InstanceSet&) = delete;
  // Destroys the instances in reverse creation order (strategies before the backends they use).
  ~InstanceSet() override;

  Instance* find(ComponentKind kind, std::string_view name) const override;
  // Instance names of `kind`, in creation order.
  std::vector<std::string> names(ComponentKind kind) const override;
  const std::vector<std::unique_ptr<Instance>>& all() const { return instances_; }

private:
  InstanceSet() = default;
  std::vector<std::unique_ptr<Instance>> instances_;
};

// Startup in one step: plans the configured instances against the catalog and creates them.
// Throws Error(ErrorKind::config) listing every problem (unknown types, settings, required
// plugins, failed creates); logs a warning for each refused plugin file nothing needed.
std::unique_ptr<InstanceSet> create_configured_instances(const PluginCatalog& catalog, const config::Config& config,
                                                         HostServices& services);

} // namespace agenthost::plugins
