// The host's keys of one component section with their effective values, the one listing both
// GET /api/v1/backends ("host_settings") and `agenthost config check` show, so an operator sees
// exactly what the host runs with: `egress` and the cache keys for every kind, then a backend's
// own keys (backend_host_values). None of them is a secret.
#pragma once

#include "config/config.hpp"

#include "agenthost/json.hpp"

#include <string>
#include <utility>
#include <vector>

namespace agenthost::config {

// In this order: egress, cache ("on"/"off"), cache_ttl, cache_max_entries, cache_max_bytes, then,
// for a backend, backend_host_values(instance.host_settings).
std::vector<std::pair<std::string, json::Value>> instance_host_values(const InstanceConfig& instance);

} // namespace agenthost::config
