#include "store/cache_store.hpp"

#include "store/encoding.hpp"
#include "store/pagination.hpp"
#include "store/timestamps.hpp"

#include "common/error.hpp"

#include <Poco/Data/Session.h>
#include <Poco/Exception.h>

#include <utility>
#include <vector>

namespace agenthost::store {
namespace {

// A hit waits at most this long for its scope's next put before it is written on its own: how
// late another process (ingest, another host) sees this process's hits.
constexpr std::int64_t kTouchFlushAfterMs = 5000;
// Hits remembered at most (about 150 bytes each) before they are all written.
constexpr std::size_t kMaxPendingTouches = 10000;
// A put re-reads its scope's totals (and sweeps its expired rows) at least this often, so the
// puts of other processes on the same database are seen.
constexpr std::int64_t kCheckIntervalMs = 1000;
// Rows read per step while choosing what to evict; deleted with one statement per step.
constexpr std::int64_t kEvictionBatch = 256;
// Hits written per UPDATE (three parameters each; SQLite's lowest limit is 999).
constexpr std::size_t kTouchesPerStatement = 200;

CacheStore::Usage usage_of(Connection& connection, const std::string& scope) {
  const std::optional<Row> row = connection.query_one(
      "SELECT COUNT(*), CAST(COALESCE(SUM(bytes), 0) AS BIGINT) FROM cache_entries WHERE scope = ?", {scope});
  return row ? CacheStore::Usage{row->integer(0), row->integer(1)} : CacheStore::Usage{};
}

bool over(const CacheStore::Usage& usage, const CacheLimits& limits) {
  return usage.entries > static_cast<std::int64_t>(limits.max_entries) ||
         usage.bytes > static_cast<std::int64_t>(limits.max_bytes);
}

// Evicts the scope's least recently used entries, never `kept_hash` (the entry just stored),
// until `usage` (what the scope holds) fits `limits`. Returns how many were evicted.
std::size_t evict_over_limits(Connection& connection, const std::string& scope, const std::string& kept_hash,
                              const CacheLimits& limits, CacheStore::Usage& usage) {
  std::size_t evicted = 0;
  while (over(usage, limits)) {
    const Rows candidates = connection.query(
        "SELECT key_hash, bytes FROM cache_entries WHERE scope = ? AND key_hash <> ? "
        "ORDER BY last_used_at, key_hash LIMIT ?",
        {scope, kept_hash, kEvictionBatch});
    if (candidates.empty()) break; // only the kept entry is left
    SqlParams victims{scope};
    for (const Row& row : candidates) {
      if (!over(usage, limits)) break;
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

// Moves the entries' last use forward to the remembered hits (never backward: another host may
// have used one since), one statement per kTouchesPerStatement hits.
void apply_touches(Connection& connection, const std::string& scope, const CacheTouches& touches) {
  const char* greatest = connection.dialect().engine() == Engine::sqlite ? "MAX" : "GREATEST";
  auto next = touches.begin();
  while (next != touches.end()) {
    std::string cases;
    SqlParams params, hashes;
    for (std::size_t n = 0; next != touches.end() && n < kTouchesPerStatement; ++next, ++n) {
      cases += " WHEN ? THEN CAST(? AS BIGINT)";
      params.emplace_back(next->first);
      params.emplace_back(next->second);
      hashes.emplace_back(next->first);
    }
    const std::size_t count = hashes.size();
    params.emplace_back(scope);
    params.insert(params.end(), hashes.begin(), hashes.end());
    connection.execute(std::string("UPDATE cache_entries SET last_used_at = ") + greatest +
                           "(last_used_at, CASE key_hash" + cases + " ELSE last_used_at END) "
                           "WHERE scope = ? AND key_hash IN (" + placeholders(count) + ")",
                       params);
  }
}

// For the length of one cache transaction, its commit does not wait for the disk. The cache is
// a cache: a power cut may lose its last writes, which costs a refetch. On SQLite (WAL) the
// connection's synchronous setting drops to NORMAL, which is restored before the connection
// goes back to the pool (the next FULL commit on any connection syncs these writes too); on
// PostgreSQL, SET LOCAL synchronous_commit ends with the transaction by itself. Run on the
// session, like BEGIN and COMMIT, so they are not counted as statements that read or write data.
class RelaxedDurability {
public:
  explicit RelaxedDurability(Connection& connection)
      : connection_(connection), sqlite_(connection.dialect().engine() == Engine::sqlite) {
    if (!sqlite_) return;
    // Read back rather than assumed, so the store's own setting (database.cpp) stays the one truth.
    run([&](Poco::Data::Session& session) {
      session << "PRAGMA synchronous", Poco::Data::Keywords::into(saved_), Poco::Data::Keywords::now;
      session << "PRAGMA synchronous = NORMAL", Poco::Data::Keywords::now;
    });
  }
  ~RelaxedDurability() {
    if (!sqlite_) return;
    connection_.rollback(); // nothing after a commit; SQLite refuses the pragma inside a transaction
    try {
      connection_.session() << "PRAGMA synchronous = " + std::to_string(saved_), Poco::Data::Keywords::now;
    } catch (...) {
      // Never hand out a connection whose commits no longer wait for the disk: a closed session
      // is dropped by the pool instead of reused.
      try {
        connection_.session().close();
      } catch (...) {
      }
    }
  }
  RelaxedDurability(const RelaxedDurability&) = delete;
  RelaxedDurability& operator=(const RelaxedDurability&) = delete;

  // Called once the transaction is open.
  void begun() {
    if (!sqlite_)
      run([](Poco::Data::Session& session) {
        session << "SET LOCAL synchronous_commit = off", Poco::Data::Keywords::now;
      });
  }

private:
  template <class Statements>
  void run(Statements&& statements) {
    try {
      statements(connection_.session());
    } catch (const Poco::Exception& error) {
      throw Error(ErrorKind::internal, "the host cache could not set its write durability: " + error.displayText());
    }
  }

  Connection& connection_;
  const bool sqlite_;
  int saved_ = 2; // FULL
};

template <class Work>
auto cache_transaction(Database& database, Work&& work) {
  Connection connection = database.connect();
  RelaxedDurability relaxed(connection);
  connection.begin_write();
  relaxed.begun();
  auto result = work(connection);
  connection.commit();
  return result;
}

} // namespace

std::int64_t CacheStore::now_ms_default() { return now_ms(); }

CacheStore::CacheStore(Database& database, Now now)
    : database_(database), now_(std::move(now)), touches_(kTouchFlushAfterMs, kMaxPendingTouches) {}

std::optional<std::string> CacheStore::get(std::string_view scope, std::string_view key) {
  const std::string scope_text(scope);
  const std::string hash = sha256_hex(key);
  std::optional<Row> row;
  {
    Connection connection = database_.connect();
    row = connection.query_one("SELECT value, expires_at FROM cache_entries WHERE scope = ? AND key_hash = ?",
                               {scope_text, hash});
    if (!row) return std::nullopt;
    const std::int64_t now = now_();
    if (row->integer(1) <= now) {
      connection.execute("DELETE FROM cache_entries WHERE scope = ? AND key_hash = ? AND expires_at = ?",
                         {scope_text, hash, row->integer(1)});
      return std::nullopt;
    }
  }
  std::optional<std::string> value = base64url_decode(row->text(0));
  if (!value) return std::nullopt; // unreadable, which only a hand-edited row can be; the next put replaces it
  const CacheTouchBatch due = touches_.record(scope_text, hash, now_());
  if (!due.empty()) {
    try {
      write_touches(due);
    } catch (...) {
      // Recency is advice: a failed write loses these hits' order, the value found is still good.
    }
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
  const std::string encoded = base64url_encode(value);
  ScopeState& state = scope_state(scope_text);
  std::lock_guard<std::mutex> one_put_at_a_time(state.put_mutex);
  const CacheTouches touches = touches_.take(scope_text);
  const std::int64_t now = now_();
  // Counted as a new entry even when it replaces one: the totals stay an upper bound.
  const Usage estimate{state.usage.entries + 1, state.usage.bytes + bytes};
  const bool check = !state.known || over(estimate, limits) || now - state.checked_at >= kCheckIntervalMs;
  state.known = false; // until this transaction commits
  Usage after = estimate;
  const std::size_t evicted = cache_transaction(database_, [&](Connection& connection) -> std::size_t {
    if (!touches.empty()) apply_touches(connection, scope_text, touches);
    // One statement on both engines (SQLite >= 3.24 and PostgreSQL share the upsert syntax).
    connection.execute("INSERT INTO cache_entries (scope, key_hash, value, bytes, expires_at, last_used_at) "
                       "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (scope, key_hash) DO UPDATE SET "
                       "value = excluded.value, bytes = excluded.bytes, expires_at = excluded.expires_at, "
                       "last_used_at = excluded.last_used_at",
                       {scope_text, hash, encoded, bytes, now + ttl_ms, now});
    if (!check) return 0;
    // Expired rows go first: dropping them is not an eviction.
    connection.execute("DELETE FROM cache_entries WHERE scope = ? AND expires_at <= ?", {scope_text, now});
    after = usage_of(connection, scope_text);
    return evict_over_limits(connection, scope_text, hash, limits, after);
  });
  state.usage = after;
  state.known = true;
  if (check) state.checked_at = now;
  return evicted;
}

CacheStore::Usage CacheStore::usage(std::string_view scope) {
  Connection connection = database_.connect();
  return usage_of(connection, std::string(scope));
}

std::int64_t CacheStore::drop_scopes_except(std::string_view prefix, std::string_view keep) {
  Connection connection = database_.connect();
  // substr, not LIKE: '_' in a section name (tool.web_fetch) is a LIKE wildcard.
  return static_cast<std::int64_t>(
      connection.execute("DELETE FROM cache_entries WHERE substr(scope, 1, ?) = ? AND scope <> ?",
                         {static_cast<std::int64_t>(prefix.size()), std::string(prefix), std::string(keep)}));
}

void CacheStore::flush_touches() {
  const CacheTouchBatch batch = touches_.take_all();
  if (!batch.empty()) write_touches(batch);
}

CacheStore::ScopeState& CacheStore::scope_state(const std::string& scope) {
  std::lock_guard<std::mutex> lock(scopes_mutex_);
  std::unique_ptr<ScopeState>& state = scopes_[scope];
  if (!state) state = std::make_unique<ScopeState>();
  return *state;
}

void CacheStore::write_touches(const CacheTouchBatch& batch) {
  cache_transaction(database_, [&](Connection& connection) {
    for (const auto& [scope, touches] : batch)
      if (!touches.empty()) apply_touches(connection, scope, touches);
    return 0;
  });
}

} // namespace agenthost::store
