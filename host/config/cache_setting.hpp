// Reads the host's cache keys of a component section (any kind); see config/cache.hpp.
#pragma once

#include "config/cache.hpp"
#include "config/section_reader.hpp"

namespace agenthost::config {

// Claims `cache`, `cache_ttl`, `cache_max_entries` and `cache_max_bytes` (so the plugin never
// sees them) and returns the settings; a key that is absent or wrong keeps its default (the
// error, naming line and key, is reported to the reader).
CacheConfig read_cache_setting(SectionReader& reader);

} // namespace agenthost::config
