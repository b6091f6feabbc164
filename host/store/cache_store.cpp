#include "store/cache_store.hpp"

#include "store/encoding.hpp"
#include "store/pagination.hpp"
#include "store/timestamps.hpp"

#include <utility>
#include <vector>

namespace agenthost::store {
namespace {

// A hit within this long of the last one does not write last_used_at again.
constexpr std::int64_t kTouchIntervalMs = 1000;
// Rows read per step while choosing what to evict; deleted with one statement per step.
constexpr std::int64_t kEvictionBatch = 256;

CacheStore::Usage usage_of(Connection& connection, const std::string& scope) {
  const std::optional<Row> row = connection.query_one(
      "SELECT COUNT(*), CAST(COALESCE(SUM(bytes), 0) AS BIGINT) FROM cache_entries WHERE scope = ?", {scope});
  return row ? CacheStore::Usage{row->integer(0), row->integer(1)} : CacheStore::Usage{};
}

// Evicts the scope's least recently used entries, never `kept_hash` (the entry just stored),
// until it fits `limits`. Returns how many were evicted.
std::size_t evict_over_limits(Connection& connection, const std::string& scope, const std::string& kept_hash,
                              const CacheLimits& limits) {
  CacheStore::Usage usage = usage_of(connection, scope);
  const auto over = [&] {
    return usage.entries > static_cast<std::int64_t>(limits.max_entries) ||
           usage.bytes > static_cast<std::int64_t>(limits.max_bytes);
  };
  std::size_t evicted = 0;
  while (over()) {
    const Rows candidates = connection.query(
        "SELECT key_hash, bytes FROM cache_entries WHERE scope = ? AND key_hash <> ? "
        "ORDER BY last_used_at, key_hash LIMIT ?",
        {scope, kept_hash, kEvictionBatch});
    if (candidates.empty()) break; // only the kept entry is left
    SqlParams victims{scope};
    for (const Row& row : candidates) {
      if (!over()) break;
      victims.emplace_back(row.text(0));
      --usage.entries;
      usage.bytes -= row.integer(1);
    }
    connection.execute("DELETE FROM cache_entries WHERE scope = ? AND key_hash IN (" +
                           placeholders(victims.size() - 1) + ")",
                       victims);
    evicted += victims.size() - 1;
  }
  return evicted;
}

} // namespace

std::int64_t CacheStore::now_ms_default() { return now_ms(); }

CacheStore::CacheStore(Database& database, Now now) : database_(database), now_(std::move(now)) {}

std::optional<std::string> CacheStore::get(std::string_view scope, std::string_view key) {
  const std::string scope_text(scope);
  const std::string hash = sha256_hex(key);
  Connection connection = database_.connect();
  const std::optional<Row> row = connection.query_one(
      "SELECT value, expires_at, last_used_at FROM cache_entries WHERE scope = ? AND key_hash = ?", {scope_text, hash});
  if (!row) return std::nullopt;
  const std::int64_t now = now_();
  std::optional<std::string> value = base64url_decode(row->text(0));
  if (row->integer(1) <= now || !value) {
    // Expired (or unreadable, which only a hand-edited row can be): gone, and a miss.
    connection.execute("DELETE FROM cache_entries WHERE scope = ? AND key_hash = ? AND expires_at = ?",
                       {scope_text, hash, row->integer(1)});
    return std::nullopt;
  }
  if (now - row->integer(2) >= kTouchIntervalMs) {
    connection.execute("UPDATE cache_entries SET last_used_at = ? WHERE scope = ? AND key_hash = ?",
                       {now, scope_text, hash});
  }
  return value;
}

std::size_t CacheStore::put(std::string_view scope, std::string_view key, std::string_view value,
                            std::int64_t ttl_ms, const CacheLimits& limits) {
  const std::string scope_text(scope);
  const std::string hash = sha256_hex(key);
  const std::int64_t bytes = static_cast<std::int64_t>(key.size() + value.size());
  if (ttl_ms <= 0 || bytes > static_cast<std::int64_t>(limits.max_bytes) || limits.max_entries == 0) {
    Connection connection = database_.connect();
    connection.execute("DELETE FROM cache_entries WHERE scope = ? AND key_hash = ?", {scope_text, hash});
    return 0;
  }
  const std::int64_t now = now_();
  const std::string encoded = base64url_encode(value);
  return database_.transaction([&](Connection& connection) {
    // One statement on both engines (SQLite >= 3.24 and PostgreSQL share the upsert syntax).
    connection.execute("INSERT INTO cache_entries (scope, key_hash, value, bytes, expires_at, last_used_at) "
                       "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scope, key_hash) DO UPDATE SET "
                       "value = excluded.value, bytes = excluded.bytes, expires_at = excluded.expires_at, "
                       "last_used_at = excluded.last_used_at",
                       {scope_text, hash, encoded, bytes, now + ttl_ms, now});
    // Expired rows go first: dropping them is not an eviction.
    connection.execute("DELETE FROM cache_entries WHERE scope = ? AND expires_at <= ?", {scope_text, now});
    return evict_over_limits(connection, scope_text, hash, limits);
  });
}

CacheStore::Usage CacheStore::usage(std::string_view scope) {
  Connection connection = database_.connect();
  return usage_of(connection, std::string(scope));
}

} // namespace agenthost::store
