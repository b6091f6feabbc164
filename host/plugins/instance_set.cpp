#include "plugins/instance_set.hpp"

#include "common/logger.hpp"

#include "agenthost/json.hpp"

#include <cstdint>
#include <string>

namespace agenthost::plugins {
namespace {

// The cache scope of an instance: its section plus a fingerprint of what its answers depend on —
// the component, its settings and its egress policy. A changed instance starts an empty cache: an
// entry fetched under `egress = allow:10.0.0.0/8` must not be served after the operator removed
// the exception, nor a page cleaned by other settings. FNV-1a, 64 bits: stable across builds and
// hosts (several hosts share one PostgreSQL cache); a collision only shares a cache.
std::string cache_scope_of(const PlannedInstance& planned) {
  const std::string identity = planned.component.plugin_name + "\n" + planned.component.type_name + "\n" +
                               json::dump(planned.settings) + "\n" + planned.config.egress.to_string();
  std::uint64_t hash = 14695981039346656037ULL;
  for (const unsigned char c : identity) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  static const char digits[] = "0123456789abcdef";
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4) hex[static_cast<std::size_t>(i)] = digits[hash & 0xf];
  return planned.config.section() + "#" + hex;
}

} // namespace

InstanceSetResult InstanceSet::create(const InstancePlan& plan, HostServices& services,
                                      const std::string& config_file) {
  InstanceSetResult result;
  result.instances.reset(new InstanceSet());
  InstanceSet& set = *result.instances;
  for (const PlannedInstance& planned : plan.instances) {
    // Before create: a plugin may already fetch something while it is being created.
    services.egress().set(planned.config.section(), planned.config.egress);
    services.cache_settings().set(planned.config.section(), planned.config.cache, cache_scope_of(planned));
    CollectingSink sink;
    std::unique_ptr<Instance> instance = Instance::create(
        planned.component, planned.config.name, json::dump(planned.settings), InstanceContext{&services, &set}, sink);
    if (!instance) {
      result.errors.push_back(config::ConfigError{
          config_file, planned.config.line, planned.config.section(), "",
          "could not create the " + std::string(kind_name(planned.component.kind)) + " (" +
              planned.component.type_name + " from " + planned.component.plugin_path + "): " + sink.error_message()});
      continue;
    }
    set.instances_.push_back(std::move(instance));
  }
  return result;
}

InstanceSet::~InstanceSet() {
  while (!instances_.empty()) instances_.pop_back();
}

Instance* InstanceSet::find(ComponentKind kind, std::string_view name) const {
  for (const auto& instance : instances_)
    if (instance->kind() == kind && instance->name() == name) return instance.get();
  return nullptr;
}

std::vector<std::string> InstanceSet::names(ComponentKind kind) const {
  std::vector<std::string> out;
  for (const auto& instance : instances_)
    if (instance->kind() == kind) out.push_back(instance->name());
  return out;
}

std::unique_ptr<InstanceSet> create_configured_instances(const PluginCatalog& catalog, const config::Config& config,
                                                         HostServices& services) {
  InstancePlan plan = plan_instances(catalog, config);
  for (const std::string& warning : plan.warnings) services.logger().warn(warning);
  // Nothing is created from a config with errors: creating may connect to providers.
  if (!plan.ok()) config::throw_config_errors(plan.errors);
  InstanceSetResult result = InstanceSet::create(plan, services, config.file);
  if (!result.errors.empty()) config::throw_config_errors(result.errors);
  return std::move(result.instances);
}

} // namespace agenthost::plugins
