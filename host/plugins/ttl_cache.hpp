// The in-memory TTL cache behind the host services' cache_get/cache_put in a process without a
// store (tests, benchmarks; see cache_service.hpp).
//
// Entries live in scopes (an instance section, "tool.web"). Each scope is bounded by the limits
// its put gives (the instance's cache_max_entries / cache_max_bytes), least recently used of that
// scope evicted first, like the store-backed cache; the whole cache is bounded again by the
// limits it was built with (a safety bound for the process), least recently used of all scopes
// evicted first. Bytes are keys plus values. The unscoped calls use one scope whose limits are
// the cache's own. Thread-safe: one mutex, held only for map and list updates.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace agenthost::plugins {

struct CacheLimits {
  std::size_t max_entries = 10000;
  std::size_t max_bytes = 64u * 1024 * 1024;
};

class TtlCache {
public:
  using Clock = std::chrono::steady_clock;
  // Injected so tests can move time; defaults to Clock::now.
  using Now = std::function<Clock::time_point()>;

  // `limits`: the bound on all scopes together.
  explicit TtlCache(CacheLimits limits = {}, Now now = &Clock::now);

  // The value, if present and not expired. A hit makes the entry the most recently used.
  std::optional<std::string> get(std::string_view scope, std::string_view key);
  // Stores (or replaces) the value for `ttl`, then evicts the scope's least recently used entries
  // while it is over `scope_limits`, then anyone's while the cache is over its own limits. A
  // ttl <= 0, or an entry larger than either max_bytes on its own, is not stored (and removes any
  // previous value, which would otherwise go stale). Returns how many other entries were evicted.
  std::size_t put(std::string_view scope, std::string_view key, std::string_view value,
                  std::chrono::milliseconds ttl, const CacheLimits& scope_limits);
  void erase(std::string_view scope, std::string_view key);

  // The same in one scope bounded by the cache's own limits.
  std::optional<std::string> get(std::string_view key) { return get({}, key); }
  std::size_t put(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) {
    return put({}, key, value, ttl, limits_);
  }
  void erase(std::string_view key) { erase({}, key); }

  // All scopes together.
  std::size_t size() const;
  std::size_t bytes() const;
  // One scope.
  std::size_t size(std::string_view scope) const;

private:
  struct Scope;
  struct Entry {
    std::string id; // scope and key, see entry_id
    std::string value;
    std::size_t bytes; // key plus value
    Clock::time_point expires;
    Scope* scope;
    std::list<std::list<Entry>::iterator>::iterator in_scope;
  };
  using Lru = std::list<Entry>; // front: most recently used of all
  struct Scope {
    std::string name;
    std::list<Lru::iterator> lru; // this scope's entries, front: most recently used
    std::size_t bytes = 0;
  };

  static std::string entry_id(std::string_view scope, std::string_view key);
  void touch(Lru::iterator entry);
  void remove(Lru::iterator entry);
  std::size_t evict(Scope& scope, const CacheLimits& limits); // returns how many were evicted

  const CacheLimits limits_;
  const Now now_;
  mutable std::mutex mutex_;
  Lru lru_;
  std::unordered_map<std::string_view, Lru::iterator> index_; // views into the entries' ids
  std::unordered_map<std::string, Scope> scopes_;             // node-based: Scope* stays valid
  std::size_t bytes_ = 0;
};

} // namespace agenthost::plugins
