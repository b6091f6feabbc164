#include "plugins/cache_service.hpp"

#include "plugins/ttl_cache.hpp"

namespace agenthost::plugins {

std::optional<std::string> InMemoryCacheService::get(const std::string& scope, std::string_view key) {
  return cache_.get(scope, key);
}

std::size_t InMemoryCacheService::put(const std::string& scope, std::string_view key, std::string_view value,
                                      std::chrono::seconds ttl, const config::CacheConfig& limits) {
  return cache_.put(scope, key, value, ttl, CacheLimits{limits.max_entries, limits.max_bytes});
}

void CacheSettings::set(const std::string& section, const config::CacheConfig& cache, std::string scope) {
  std::lock_guard<std::mutex> lock(mutex_);
  by_section_[section] = cache;
  scope_by_section_[section] = scope.empty() ? section : std::move(scope);
}

std::string CacheSettings::scope_of(const std::string& section) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = scope_by_section_.find(section);
  return found != scope_by_section_.end() ? found->second : section;
}

std::map<std::string, std::string> CacheSettings::scopes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return scope_by_section_;
}

config::CacheConfig CacheSettings::of(const std::string& section) const {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (const auto found = by_section_.find(section); found != by_section_.end()) return found->second;
  }
  config::CacheConfig defaults;
  defaults.ttl_seconds = static_cast<int>(fallback_ttl_.count());
  return defaults;
}

} // namespace agenthost::plugins
