// What the host's cache_get/cache_put services store into: an interface, so the plugins module
// never depends on the store. `serve` and `ingest` plug in the store-backed cache (table
// cache_entries, see host/store/cache_store.hpp, adapted in host/app/cache_wiring.hpp); a process
// without a store (tests, benchmarks) uses the in-memory TtlCache, with the same per-scope limits.
//
// Entries are scoped to an instance section ("tool.web"): instances never see each other's keys,
// and each section has its own limits (the operator's cache_* keys, config/cache.hpp).
#pragma once

#include "config/cache.hpp"

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace agenthost::plugins {

class TtlCache;

class CacheService {
public:
  virtual ~CacheService() = default;

  // The value stored under `key` in `scope`, if present and not expired. Called from any thread;
  // throws on a storage failure (the host service turns that into a miss).
  virtual std::optional<std::string> get(const std::string& scope, std::string_view key) = 0;
  // Stores (or replaces) the value for `ttl` (> 0), then keeps the scope within `limits`
  // (max_entries, max_bytes), least recently used first. A value larger than max_bytes on its
  // own is not stored. Returns how many other entries were evicted to make room.
  virtual std::size_t put(const std::string& scope, std::string_view key, std::string_view value,
                          std::chrono::seconds ttl, const config::CacheConfig& limits) = 0;
};

// Over one shared TtlCache: each scope is bounded by its instance's cache_max_entries and
// cache_max_bytes (least recently used first, like the store-backed cache), and the TtlCache's
// own limits bound all scopes together (a safety bound for the process).
class InMemoryCacheService final : public CacheService {
public:
  explicit InMemoryCacheService(TtlCache& cache) : cache_(cache) {}

  std::optional<std::string> get(const std::string& scope, std::string_view key) override;
  std::size_t put(const std::string& scope, std::string_view key, std::string_view value, std::chrono::seconds ttl,
                  const config::CacheConfig& limits) override;

private:
  TtlCache& cache_;
};

// The operator's cache settings of each instance, by config section. Thread-safe.
class CacheSettings {
public:
  // `fallback_ttl`: the cache_ttl of an instance created outside a config (tests).
  explicit CacheSettings(std::chrono::seconds fallback_ttl) : fallback_ttl_(fallback_ttl) {}

  // Registers the operator's settings for `section`, and the scope its entries are stored under
  // ("" = the section itself); done before the instance is created.
  void set(const std::string& section, const config::CacheConfig& cache, std::string scope = "");
  // The registered settings, else the defaults with the fallback ttl.
  config::CacheConfig of(const std::string& section) const;
  // Where the section's entries are stored: its registered scope, else the section.
  std::string scope_of(const std::string& section) const;
  // Every registered section with its scope.
  std::map<std::string, std::string> scopes() const;

private:
  const std::chrono::seconds fallback_ttl_;
  mutable std::mutex mutex_;
  std::map<std::string, config::CacheConfig> by_section_;
  std::map<std::string, std::string> scope_by_section_;
};

} // namespace agenthost::plugins
