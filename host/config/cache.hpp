// The host cache an operator sets per instance, in any component section ([backend.X],
// [tool.X], [strategy.X], [cleaning.X]): what the instance's cache_get/cache_put reach.
//
//   cache = on | off            off: every cache_get misses (and is not counted), cache_put
//                               stores nothing
//   cache_ttl = SECONDS         how long an entry lives; a plugin's own ttl is capped at it
//   cache_max_entries = N       entries kept for this instance (least recently used go first)
//   cache_max_bytes = SIZE      bytes of keys and values kept for this instance (`64 MiB`)
//
// The keys belong to the host: the plugin never sees them (and must not declare them).
#pragma once

#include <cstddef>

namespace agenthost::config {

struct CacheConfig {
  bool enabled = true;
  int ttl_seconds = 3600;
  std::size_t max_entries = 10000;
  std::size_t max_bytes = 64u * 1024 * 1024;
  int line = 0; // of the first cache key in the section; 0 when every key has its default
};

} // namespace agenthost::config
