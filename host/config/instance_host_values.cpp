#include "config/instance_host_values.hpp"

namespace agenthost::config {

std::vector<std::pair<std::string, json::Value>> instance_host_values(const InstanceConfig& instance) {
  std::vector<std::pair<std::string, json::Value>> out = {
      {"egress", instance.egress.to_string()},
      {"cache", instance.cache.enabled ? "on" : "off"},
      {"cache_ttl", static_cast<long long>(instance.cache.ttl_seconds)},
      {"cache_max_entries", static_cast<long long>(instance.cache.max_entries)},
      {"cache_max_bytes", static_cast<long long>(instance.cache.max_bytes)},
  };
  if (instance.kind == "backend") {
    for (auto& entry : backend_host_values(instance.host_settings)) out.push_back(std::move(entry));
  }
  return out;
}

} // namespace agenthost::config
