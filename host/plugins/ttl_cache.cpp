#include "plugins/ttl_cache.hpp"

#include <iterator>
#include <utility>

namespace agenthost::plugins {

TtlCache::TtlCache(CacheLimits limits, Now now) : limits_(limits), now_(std::move(now)) {}

// The length prefix keeps scope "a" + key "b:c" apart from scope "a:b" + key "c".
std::string TtlCache::entry_id(std::string_view scope, std::string_view key) {
  std::string id = std::to_string(scope.size());
  id += ':';
  id += scope;
  id += key;
  return id;
}

std::optional<std::string> TtlCache::get(std::string_view scope, std::string_view key) {
  const std::string id = entry_id(scope, key);
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = index_.find(id);
  if (found == index_.end()) return std::nullopt;
  const Lru::iterator entry = found->second;
  if (entry->expires <= now_()) {
    remove(entry);
    return std::nullopt;
  }
  touch(entry);
  return entry->value;
}

std::size_t TtlCache::put(std::string_view scope, std::string_view key, std::string_view value,
                          std::chrono::milliseconds ttl, const CacheLimits& scope_limits) {
  std::string id = entry_id(scope, key);
  std::lock_guard<std::mutex> lock(mutex_);
  if (const auto found = index_.find(id); found != index_.end()) remove(found->second);
  const std::size_t size = key.size() + value.size();
  if (ttl.count() <= 0 || size > scope_limits.max_bytes || size > limits_.max_bytes || scope_limits.max_entries == 0 ||
      limits_.max_entries == 0)
    return 0;
  Scope& owner = scopes_[std::string(scope)];
  owner.name = scope;
  lru_.push_front(Entry{std::move(id), std::string(value), size, now_() + ttl, &owner, {}});
  owner.lru.push_front(lru_.begin());
  lru_.front().in_scope = owner.lru.begin();
  index_.emplace(lru_.front().id, lru_.begin());
  owner.bytes += size;
  bytes_ += size;
  // The new entry is the most recently used of both lists and fits both limits on its own, so
  // neither loop reaches it.
  std::size_t evicted = evict(owner, scope_limits);
  while (lru_.size() > limits_.max_entries || bytes_ > limits_.max_bytes) {
    remove(std::prev(lru_.end()));
    ++evicted;
  }
  return evicted;
}

void TtlCache::erase(std::string_view scope, std::string_view key) {
  const std::string id = entry_id(scope, key);
  std::lock_guard<std::mutex> lock(mutex_);
  if (const auto found = index_.find(id); found != index_.end()) remove(found->second);
}

std::size_t TtlCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lru_.size();
}

std::size_t TtlCache::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

std::size_t TtlCache::size(std::string_view scope) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = scopes_.find(std::string(scope));
  return found == scopes_.end() ? 0 : found->second.lru.size();
}

void TtlCache::touch(Lru::iterator entry) {
  // splice keeps every iterator valid (and the index's views into the ids).
  lru_.splice(lru_.begin(), lru_, entry);
  Scope& owner = *entry->scope;
  owner.lru.splice(owner.lru.begin(), owner.lru, entry->in_scope);
}

void TtlCache::remove(Lru::iterator entry) {
  Scope& owner = *entry->scope;
  owner.bytes -= entry->bytes;
  owner.lru.erase(entry->in_scope);
  bytes_ -= entry->bytes;
  index_.erase(entry->id);
  lru_.erase(entry);
  // An empty scope is dropped, so scopes that come and go do not pile up.
  if (owner.lru.empty()) scopes_.erase(std::string(owner.name));
}

std::size_t TtlCache::evict(Scope& scope, const CacheLimits& limits) {
  std::size_t evicted = 0;
  // Never empties the scope: the entry just stored fits its limits on its own.
  while (scope.lru.size() > limits.max_entries || scope.bytes > limits.max_bytes) {
    remove(scope.lru.back());
    ++evicted;
  }
  return evicted;
}

} // namespace agenthost::plugins
