// The in-memory TTL cache behind the host services' cache_get/cache_put.
//
// Bounded twice, by entry count and by bytes (keys plus values), evicting the least recently
// used entry first, so a plugin caching large pages cannot grow the host without limit.
// Thread-safe: one mutex, held only for map and list updates.
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

  explicit TtlCache(CacheLimits limits = {}, Now now = &Clock::now);

  // The value, if present and not expired. A hit makes the entry the most recently used.
  std::optional<std::string> get(std::string_view key);
  // Stores (or replaces) the value for `ttl`. A ttl <= 0, or an entry larger than max_bytes on
  // its own, is not stored (and removes any previous value, which would otherwise go stale).
  // Returns how many other entries were evicted to make room.
  std::size_t put(std::string_view key, std::string_view value, std::chrono::milliseconds ttl);
  void erase(std::string_view key);

  std::size_t size() const;
  std::size_t bytes() const;

private:
  struct Entry {
    std::string key;
    std::string value;
    Clock::time_point expires;
  };
  using Lru = std::list<Entry>; // front: most recently used

  void remove(Lru::iterator entry);
  std::size_t evict_until_within_limits(); // returns how many were evicted

  const CacheLimits limits_;
  const Now now_;
  mutable std::mutex mutex_;
  Lru lru_;
  std::unordered_map<std::string_view, Lru::iterator> index_; // views into the entries' keys
  std::size_t bytes_ = 0;
};

} // namespace agenthost::plugins
