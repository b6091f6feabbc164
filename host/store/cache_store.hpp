// The host cache in the store (table cache_entries, migration 6): what serve and ingest put
// behind the plugins' cache_get/cache_put (host/app/cache_wiring.hpp adapts it to
// plugins::CacheService; the plugins module never sees the store).
//
// Entries live in scopes (an instance section, "tool.web"), each bounded by its own entry count
// and bytes, least recently used evicted first. Expired rows are removed lazily: the one a get
// finds, and the scope's expired rows on each put.
#pragma once

#include "store/database.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace agenthost::store {

struct CacheLimits {
  std::size_t max_entries = 10000;
  std::size_t max_bytes = 64u * 1024 * 1024;
};

class CacheStore {
public:
  // Milliseconds since the epoch; injected so tests can move time.
  using Now = std::function<std::int64_t()>;

  explicit CacheStore(Database& database, Now now = &now_ms_default);

  // The value, if present and not expired. A hit marks the entry used (skipped when it was
  // marked less than a second ago: a hot key does not write on every read). An expired entry
  // is deleted.
  std::optional<std::string> get(std::string_view scope, std::string_view key);
  // Stores (or replaces) the value until now + ttl_ms, then removes the scope's expired rows
  // and evicts its least recently used entries while it holds more than `limits` allows.
  // A value larger than max_bytes on its own is not stored (and an older value for the key is
  // removed, as it would go stale). Returns how many other entries were evicted.
  std::size_t put(std::string_view scope, std::string_view key, std::string_view value, std::int64_t ttl_ms,
                  const CacheLimits& limits);

  // Entries and bytes a scope holds now (expired rows included until they are removed).
  struct Usage {
    std::int64_t entries = 0;
    std::int64_t bytes = 0;
  };
  Usage usage(std::string_view scope);

private:
  static std::int64_t now_ms_default();

  Database& database_;
  Now now_;
};

} // namespace agenthost::store
