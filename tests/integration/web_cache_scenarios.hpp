// The host cache behind web_fetch and web_search, seen from outside: turns of the real binary
// fetch pages of a LocalWebServer, which counts what really reached it, and the turns' job records
// report the cache's hits, misses and evictions. Each scenario starts its own server and host on
// `store_url` ("" for the default SQLite file), so the same scenarios run on PostgreSQL too.
#pragma once

#include <string>

namespace agenthost::integration {

// The same page twice through an instance with the default cache: one request reaches the
// server, the second turn reports a hit, and both turns get the same tool result.
void expect_repeated_fetch_served_from_cache(const std::string& store_url);

// The cache lives in the store, not in the process: after a restart of serve the page is still
// served from it.
void expect_cache_survives_a_restart(const std::string& store_url);

// `cache = off`: every fetch reaches the server and nothing is counted as a hit.
void expect_cache_off_fetches_every_time(const std::string& store_url);

// `cache_ttl = 1`: the instance caches (a miss is counted) and fetches again once the entry expired.
void expect_expired_entry_fetched_again(const std::string& store_url);

// `cache_max_entries = 1`: pages A, B, A make three requests (B evicted A) and an eviction is reported.
void expect_least_recently_used_evicted(const std::string& store_url);

// The same web_search query twice: the fake SearXNG answers once, the second turn reports a hit.
void expect_repeated_search_served_from_cache(const std::string& store_url);

} // namespace agenthost::integration
