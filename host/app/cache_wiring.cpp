#include "app/cache_wiring.hpp"

namespace agenthost::app {

std::optional<std::string> StoreCacheService::get(const std::string& scope, std::string_view key) {
  return cache_.get(scope, key);
}

std::size_t StoreCacheService::put(const std::string& scope, std::string_view key, std::string_view value,
                                   std::chrono::seconds ttl, const config::CacheConfig& limits) {
  const std::int64_t ttl_ms = std::chrono::duration_cast<std::chrono::milliseconds>(ttl).count();
  return cache_.put(scope, key, value, ttl_ms, store::CacheLimits{limits.max_entries, limits.max_bytes});
}

} // namespace agenthost::app
