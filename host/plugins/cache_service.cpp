#include "plugins/cache_service.hpp"

#include "plugins/ttl_cache.hpp"

namespace agenthost::plugins {
namespace {

// The length prefix keeps scope "a" + key "b:c" apart from scope "a:b" + key "c".
std::string scoped_key(const std::string& scope, std::string_view key) {
  return std::to_string(scope.size()) + ":" + scope + std::string(key);
}

} // namespace

std::optional<std::string> InMemoryCacheService::get(const std::string& scope, std::string_view key) {
  return cache_.get(scoped_key(scope, key));
}

std::size_t InMemoryCacheService::put(const std::string& scope, std::string_view key, std::string_view value,
                                      std::chrono::seconds ttl, const config::CacheConfig& limits) {
  const std::string scoped = scoped_key(scope, key);
  if (scoped.size() + value.size() > limits.max_bytes) {
    cache_.erase(scoped); // the old value would otherwise go stale
    return 0;
  }
  return cache_.put(scoped, value, ttl);
}

void CacheSettings::set(const std::string& section, const config::CacheConfig& cache) {
  std::lock_guard<std::mutex> lock(mutex_);
  by_section_[section] = cache;
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
