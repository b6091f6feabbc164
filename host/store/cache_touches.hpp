// The host cache's hits that have not reached the database yet (see cache_store.hpp).
//
// Writing last_used_at on every hit would make each hit a write transaction; writing it at most
// once a second per entry (what the cache first did) made the LRU order coarse enough that a
// scope filled more than once a second evicted entries in constant use. Instead a hit is
// remembered here, (scope, key hash) -> time of the last hit, and the scope's next put applies
// them in its own transaction before choosing victims: within one process the order is exact,
// and a hit costs one SELECT.
//
// Other processes on the same database (ingest next to serve, several hosts on PostgreSQL) only
// see this process's hits once they are written: a scope's hits are also written when its
// oldest one has waited `flush_after_ms`, and all of them when more than `max_pending` are
// waiting (the bound on this memory).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace agenthost::store {

// key hash -> time (ms since the epoch) of its last hit.
using CacheTouches = std::unordered_map<std::string, std::int64_t>;

// Touches to write now, by scope.
using CacheTouchBatch = std::vector<std::pair<std::string, CacheTouches>>;

class PendingCacheTouches {
public:
  PendingCacheTouches(std::int64_t flush_after_ms, std::size_t max_pending)
      : flush_after_ms_(flush_after_ms), max_pending_(max_pending) {}

  // Remembers a hit at `now_ms`. Returns what must be written now (usually nothing): the scope's
  // touches when its oldest has waited flush_after_ms, every scope's when over max_pending.
  CacheTouchBatch record(const std::string& scope, const std::string& key_hash, std::int64_t now_ms) {
    std::lock_guard<std::mutex> lock(mutex_);
    Scope& pending = by_scope_[scope];
    if (pending.touches.empty()) pending.oldest_ms = now_ms;
    auto [entry, added] = pending.touches.try_emplace(key_hash, now_ms);
    if (added) ++total_;
    else if (entry->second < now_ms) entry->second = now_ms;
    CacheTouchBatch due;
    if (total_ > max_pending_) {
      due = take_all_locked();
    } else if (now_ms - pending.oldest_ms >= flush_after_ms_) {
      due.emplace_back(scope, take_locked(scope));
    }
    return due;
  }

  // Removes and returns the scope's touches (for its put to apply).
  CacheTouches take(const std::string& scope) {
    std::lock_guard<std::mutex> lock(mutex_);
    return take_locked(scope);
  }

  // Removes and returns every scope's touches.
  CacheTouchBatch take_all() {
    std::lock_guard<std::mutex> lock(mutex_);
    return take_all_locked();
  }

  std::size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return total_;
  }

private:
  struct Scope {
    CacheTouches touches;
    std::int64_t oldest_ms = 0; // when the oldest touch still waiting was recorded
  };

  CacheTouches take_locked(const std::string& scope) {
    const auto found = by_scope_.find(scope);
    if (found == by_scope_.end()) return {};
    CacheTouches touches = std::move(found->second.touches);
    by_scope_.erase(found);
    total_ -= touches.size();
    return touches;
  }

  CacheTouchBatch take_all_locked() {
    CacheTouchBatch all;
    for (auto& [name, scope] : by_scope_) all.emplace_back(name, std::move(scope.touches));
    by_scope_.clear();
    total_ = 0;
    return all;
  }

  const std::int64_t flush_after_ms_;
  const std::size_t max_pending_;
  mutable std::mutex mutex_;
  std::map<std::string, Scope> by_scope_;
  std::size_t total_ = 0;
};

} // namespace agenthost::store
