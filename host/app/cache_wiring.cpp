#include "app/cache_wiring.hpp"

namespace agenthost::app {

StoreCacheService::~StoreCacheService() {
  try {
    cache_.flush_touches();
  } catch (...) {
  }
}

std::optional<std::string> StoreCacheService::get(const std::string& scope, std::string_view key) {
  return cache_.get(scope, key);
}

std::size_t StoreCacheService::put(const std::string& scope, std::string_view key, std::string_view value,
                                   std::chrono::seconds ttl, const config::CacheConfig& limits) {
  const std::int64_t ttl_ms = std::chrono::duration_cast<std::chrono::milliseconds>(ttl).count();
  return cache_.put(scope, key, value, ttl_ms, store::CacheLimits{limits.max_entries, limits.max_bytes});
}

std::int64_t StoreCacheService::drop_stale_scopes(const std::map<std::string, std::string>& scopes) {
  std::int64_t dropped = 0;
  for (const auto& [section, scope] : scopes) dropped += cache_.drop_scopes_except(section + "#", scope);
  return dropped;
}

} // namespace agenthost::app
