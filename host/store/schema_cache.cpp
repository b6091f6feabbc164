// Migration 6: the host cache behind the plugins' cache_get/cache_put (web_fetch pages,
// web_search results), one scope per instance section ("tool.web").
//
// Keys can be long (URLs with queries), so the row is addressed by the hex SHA-256 of the key.
// Values are arbitrary bytes, stored as base64url TEXT like document_blobs (PostgreSQL TEXT
// cannot hold NUL bytes or invalid UTF-8). `bytes` is the key's plus the value's length as the
// plugin gave them: what the scope's cache_max_bytes counts.
#include "store/schema_parts.hpp"

namespace agenthost::store {
namespace {

// Statements both engines accept as written.
const std::vector<std::string> kCacheEntries = {
    "CREATE TABLE cache_entries ("
    " scope TEXT NOT NULL,"
    " key_hash TEXT NOT NULL,"
    " value TEXT NOT NULL,"
    " bytes BIGINT NOT NULL,"
    " expires_at BIGINT NOT NULL,"
    " last_used_at BIGINT NOT NULL,"
    " PRIMARY KEY (scope, key_hash))",
    // Eviction walks a scope least recently used first; with bytes in the index, the scope's
    // totals are read from the index alone.
    "CREATE INDEX cache_entries_lru ON cache_entries (scope, last_used_at, key_hash, bytes)",
    "CREATE INDEX cache_entries_expiry ON cache_entries (scope, expires_at)",
};

} // namespace

Migration cache_migration() { return {6, "host cache", kCacheEntries, kCacheEntries}; }

} // namespace agenthost::store
