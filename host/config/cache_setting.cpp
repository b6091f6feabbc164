#include "config/cache_setting.hpp"

#include <initializer_list>

namespace agenthost::config {
namespace {

// A year: longer than any page or search result stays worth keeping.
constexpr long long kLongestTtlSeconds = 365LL * 24 * 3600;
constexpr long long kMostEntries = 100'000'000;
constexpr unsigned long long kMostBytes = 1ULL << 40; // 1 TiB

// The line of the first of `keys` present in the section, 0 when none is.
int first_line(SectionReader& reader, std::initializer_list<const char*> keys) {
  int line = 0;
  for (const char* key : keys) {
    if (const IniEntry* entry = reader.entry(key); entry != nullptr && (line == 0 || entry->line < line))
      line = entry->line;
  }
  return line;
}

} // namespace

CacheConfig read_cache_setting(SectionReader& reader) {
  CacheConfig cache;
  cache.line = first_line(reader, {"cache", "cache_ttl", "cache_max_entries", "cache_max_bytes"});
  if (const IniEntry* entry = reader.entry("cache"); entry != nullptr && entry->valid) {
    if (entry->value == "on" || entry->value == "true") {
      cache.enabled = true;
    } else if (entry->value == "off" || entry->value == "false") {
      cache.enabled = false;
    } else {
      reader.value_error(*entry, "expected `on` or `off` (whether this instance's cache_get/cache_put use the "
                                 "host cache)");
    }
  }
  if (auto ttl = reader.integer("cache_ttl", 1, kLongestTtlSeconds)) cache.ttl_seconds = static_cast<int>(*ttl);
  if (auto entries = reader.integer("cache_max_entries", 1, kMostEntries))
    cache.max_entries = static_cast<std::size_t>(*entries);
  if (auto bytes = reader.size("cache_max_bytes", 1, kMostBytes)) cache.max_bytes = static_cast<std::size_t>(*bytes);
  return cache;
}

} // namespace agenthost::config
