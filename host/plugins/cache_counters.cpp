#include "plugins/cache_counters.hpp"

namespace agenthost::plugins {
namespace {

json::Value count_json(const CacheCount& count) {
  return json::Value::object({{"hits", static_cast<std::int64_t>(count.hits)},
                              {"misses", static_cast<std::int64_t>(count.misses)},
                              {"evictions", static_cast<std::int64_t>(count.evictions)}});
}

} // namespace

void CacheCounters::hit(const std::string& section) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++by_section_[section].hits;
}

void CacheCounters::miss(const std::string& section) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++by_section_[section].misses;
}

void CacheCounters::evicted(const std::string& section, std::size_t entries) {
  if (entries == 0) return;
  std::lock_guard<std::mutex> lock(mutex_);
  by_section_[section].evictions += entries;
}

CacheCount CacheCounters::total() const {
  std::lock_guard<std::mutex> lock(mutex_);
  CacheCount sum;
  for (const auto& [section, count] : by_section_) {
    sum.hits += count.hits;
    sum.misses += count.misses;
    sum.evictions += count.evictions;
  }
  return sum;
}

std::map<std::string, CacheCount> CacheCounters::by_instance() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return by_section_;
}

json::Value CacheCounters::to_json() const {
  json::Value out = count_json(total());
  json::Value sections = json::Value::object();
  for (const auto& [section, count] : by_instance()) sections.set(section, count_json(count));
  out.set("by_instance", std::move(sections));
  return out;
}

} // namespace agenthost::plugins
