// The host cache in the store (table cache_entries, migration 6): what serve and ingest put
// behind the plugins' cache_get/cache_put (host/app/cache_wiring.hpp adapts it to
// plugins::CacheService; the plugins module never sees the store).
//
// Entries live in scopes (an instance section, "tool.web"), each bounded by its own entry count
// and bytes, least recently used evicted first. Expired rows are removed lazily: the one a get
// finds, and the scope's expired rows when a put checks the scope's totals.
//
// What a call costs: a get is one SELECT (its hit is remembered in memory and written by the
// scope's next put, see cache_touches.hpp). A put is one transaction: the scope's remembered hits
// (one UPDATE), the upsert, and - only when the scope may be over its limits, or once a second -
// the expired-row sweep, COUNT/SUM and eviction. The scope's totals are kept in memory between
// those checks as an upper bound (every put counted as a new entry), so a put into a scope well
// under its limits is two statements. Cache writes commit without waiting for the disk (SQLite
// synchronous = NORMAL on that connection for that transaction, PostgreSQL synchronous_commit =
// off for it): a power cut may lose the last cache writes, never anything else, and never
// corrupts the database.
#pragma once

#include "store/cache_touches.hpp"
#include "store/database.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
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

  // The value, if present and not expired. A hit marks the entry used in memory (written by the
  // scope's next put, or when it has waited a while; see cache_touches.hpp). An expired entry is
  // deleted.
  std::optional<std::string> get(std::string_view scope, std::string_view key);
  // Applies the scope's remembered hits, stores (or replaces) the value until now + ttl_ms, then,
  // when the scope may be over `limits` (or its totals were last read a second ago or more),
  // removes its expired rows and evicts its least recently used entries while it holds more than
  // `limits` allows. Puts into one scope are serialized within this process. A value larger than max_bytes on its own is not stored (and an older value for the key is
  // removed, as it would go stale). Returns how many other entries were evicted.
  std::size_t put(std::string_view scope, std::string_view key, std::string_view value, std::int64_t ttl_ms,
                  const CacheLimits& limits);

  // Entries and bytes a scope holds now (expired rows included until they are removed).
  struct Usage {
    std::int64_t entries = 0;
    std::int64_t bytes = 0;
  };
  Usage usage(std::string_view scope);

  // Writes every remembered hit now (shutdown, tests standing in for another host).
  void flush_touches();

  // Deletes the entries of every scope that starts with `prefix` except `keep` (an instance's
  // entries stored under an earlier fingerprint of its settings, which nothing reads any more).
  // Returns how many rows went.
  std::int64_t drop_scopes_except(std::string_view prefix, std::string_view keep);

private:
  // This process's view of a scope, between two checks against the database.
  struct ScopeState {
    std::mutex put_mutex; // one put per scope at a time in this process, so the totals stay an upper bound
    bool known = false;   // false: the next put checks the database
    Usage usage;          // at least what the scope holds, as far as this process knows
    std::int64_t checked_at = 0;
  };

  static std::int64_t now_ms_default();
  ScopeState& scope_state(const std::string& scope);
  void write_touches(const CacheTouchBatch& batch);

  Database& database_;
  Now now_;
  PendingCacheTouches touches_;
  std::mutex scopes_mutex_;
  std::map<std::string, std::unique_ptr<ScopeState>> scopes_;
};

} // namespace agenthost::store
