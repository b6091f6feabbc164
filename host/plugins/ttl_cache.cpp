#include "plugins/ttl_cache.hpp"

#include <utility>

namespace agenthost::plugins {

TtlCache::TtlCache(CacheLimits limits, Now now) : limits_(limits), now_(std::move(now)) {}

std::optional<std::string> TtlCache::get(std::string_view key) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = index_.find(key);
  if (found == index_.end()) return std::nullopt;
  const Lru::iterator entry = found->second;
  if (entry->expires <= now_()) {
    remove(entry);
    return std::nullopt;
  }
  lru_.splice(lru_.begin(), lru_, entry); // iterators (and the index's key views) stay valid
  return entry->value;
}

std::size_t TtlCache::put(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (const auto found = index_.find(key); found != index_.end()) remove(found->second);
  const std::size_t size = key.size() + value.size();
  if (ttl.count() <= 0 || size > limits_.max_bytes || limits_.max_entries == 0) return 0;
  lru_.push_front(Entry{std::string(key), std::string(value), now_() + ttl});
  index_.emplace(lru_.front().key, lru_.begin());
  bytes_ += size;
  return evict_until_within_limits();
}

void TtlCache::erase(std::string_view key) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (const auto found = index_.find(key); found != index_.end()) remove(found->second);
}

std::size_t TtlCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lru_.size();
}

std::size_t TtlCache::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

void TtlCache::remove(Lru::iterator entry) {
  bytes_ -= entry->key.size() + entry->value.size();
  index_.erase(entry->key);
  lru_.erase(entry);
}

std::size_t TtlCache::evict_until_within_limits() {
  std::size_t evicted = 0;
  while (!lru_.empty() && (lru_.size() > limits_.max_entries || bytes_ > limits_.max_bytes)) {
    remove(std::prev(lru_.end()));
    ++evicted;
  }
  return evicted;
}

} // namespace agenthost::plugins
