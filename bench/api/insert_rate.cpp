#include "api/insert_rate.hpp"

#include "api/sqlite_handle.hpp"
#include "store/database.hpp"
#include "store/ids.hpp"
#include "store/migrations.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <filesystem>
#include <memory>
#include <vector>

namespace bench::api {
namespace {

using agenthost::store::Connection;
using agenthost::store::Database;

// The store's own statement (ConversationStore::append_message): eight placeholders.
#define AGENTHOST_BENCH_INSERT_HEAD \
  "INSERT INTO messages (id, conversation_id, role, content, status, token_estimate, tool_call_id, created_at)"
constexpr const char* kInsertMessageHead = AGENTHOST_BENCH_INSERT_HEAD;
constexpr const char* kInsertMessage = AGENTHOST_BENCH_INSERT_HEAD " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kConversationId = "cnv_01BENCHINSERTRATE0000000000";
constexpr std::int64_t kBaseMs = 1767225600000; // 2026-01-01: fixed, so every side writes identical rows

// Row number k of a side, the same for every side.
struct MessageRow {
  std::string id;
  std::string conversation_id = kConversationId;
  std::string role;
  std::string content;
  std::string status = "complete";
  std::int64_t token_estimate = 26;
  std::int64_t created_at = 0;

  void fill(std::int64_t k) {
    id = agenthost::store::make_id("msg_", static_cast<std::uint64_t>(kBaseMs + k), 0, 0);
    role = k % 2 == 0 ? "user" : "assistant";
    content = "message " + std::to_string(k) + " ";
    content.resize(100, 'x');
    created_at = kBaseMs + k;
  }
};

// A migrated database with the user, agent and conversation the rows belong to.
std::unique_ptr<Database> open_side(const std::string& path) {
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  agenthost::store::DatabaseOptions options;
  options.engine = agenthost::store::Engine::sqlite;
  options.sqlite_path = path;
  options.pool_size = 1;
  std::unique_ptr<Database> database = Database::open(options);
  agenthost::store::migrate(*database);
  database->transaction([](Connection& connection) {
    connection.execute("INSERT INTO users (id, name, is_admin, created_at) VALUES ('usr_bench', 'bench', TRUE, 0)");
    connection.execute("INSERT INTO agents (id, owner_id, name, backend, model, params, created_at, updated_at) "
                       "VALUES ('agt_bench', 'usr_bench', 'bench', 'demo', 'demo', '{}', 0, 0)");
    connection.execute(std::string("INSERT INTO conversations (id, owner_id, agent_id, status, turn_count, "
                                   "total_tokens, last_activity_at, created_at) VALUES ('") +
                       kConversationId + "', 'usr_bench', 'agt_bench', 'idle', 0, 0, 0, 0)");
  });
  return database;
}

// Ours, as the store inserts today: Connection::execute per row, which builds (and so
// prepares) a Poco::Data::Statement each time, inside Database::transaction.
class StorePathSide {
public:
  explicit StorePathSide(const std::string& path) : database_(open_side(path)) {}
  void insert(long rows) {
    database_->transaction([&](Connection& connection) {
      for (long i = 0; i < rows; ++i) {
        row_.fill(next_++);
        connection.execute(kInsertMessage, {row_.id, row_.conversation_id, row_.role, row_.content, row_.status,
                                            row_.token_estimate, agenthost::store::sql_null, row_.created_at});
      }
    });
  }

private:
  std::unique_ptr<Database> database_;
  MessageRow row_;
  std::int64_t next_ = 0;
};

// Ours, as the store writes several rows at once: Connection::insert_rows, one multi-row
// INSERT per chunk of rows, so one prepare per chunk instead of one per row (Poco 1.11's
// SQLite connector prepares the SQL again on every execute(), even of a reused Statement).
class StoreBatchSide {
public:
  explicit StoreBatchSide(const std::string& path) : database_(open_side(path)) {}
  void insert(long rows) {
    agenthost::store::SqlParams values;
    values.reserve(static_cast<std::size_t>(rows) * 8);
    for (long i = 0; i < rows; ++i) {
      row_.fill(next_++);
      values.insert(values.end(), {row_.id, row_.conversation_id, row_.role, row_.content, row_.status,
                                   row_.token_estimate, agenthost::store::sql_null, row_.created_at});
    }
    database_->transaction([&](Connection& connection) {
      connection.insert_rows(kInsertMessageHead, 8, values);
    });
  }

private:
  std::unique_ptr<Database> database_;
  MessageRow row_;
  std::int64_t next_ = 0;
};

// Ours, with Poco's bulk binding: the transaction's rows as one vector per column, bound with
// use() to one Statement executed once (Poco steps the prepared statement once per row).
class PocoVectorsSide {
public:
  explicit PocoVectorsSide(const std::string& path) : database_(open_side(path)) {}
  void insert(long rows) {
    using Poco::Data::Keywords::use;
    const auto size = static_cast<std::size_t>(rows);
    ids_.resize(size), conversation_ids_.resize(size), roles_.resize(size), contents_.resize(size);
    statuses_.resize(size), token_estimates_.resize(size), tool_call_ids_.resize(size), created_ats_.resize(size);
    for (std::size_t i = 0; i < size; ++i) {
      row_.fill(next_++);
      ids_[i] = row_.id;
      conversation_ids_[i] = row_.conversation_id;
      roles_[i] = row_.role;
      contents_[i] = row_.content;
      statuses_[i] = row_.status;
      token_estimates_[i] = row_.token_estimate;
      created_ats_[i] = row_.created_at;
    }
    database_->transaction([&](Connection& connection) {
      Poco::Data::Statement statement(connection.session());
      statement << kInsertMessage, use(ids_), use(conversation_ids_), use(roles_), use(contents_), use(statuses_),
          use(token_estimates_), use(tool_call_ids_), use(created_ats_);
      statement.execute();
    });
  }

private:
  std::unique_ptr<Database> database_;
  MessageRow row_;
  std::vector<std::string> ids_, conversation_ids_, roles_, contents_, statuses_;
  std::vector<Poco::Int64> token_estimates_, created_ats_;
  std::vector<Poco::Nullable<std::string>> tool_call_ids_;
  std::int64_t next_ = 0;
};

// The reference: the sqlite3 C API with the store's connection settings.
class RawSqliteSide {
public:
  explicit RawSqliteSide(const std::string& path) {
    open_side(path); // the same schema and parent rows, made by the store, then closed
    db_ = std::make_unique<SqliteDatabase>(path);
    db_->exec("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; "
              "PRAGMA foreign_keys = ON");
    insert_ = std::make_unique<SqliteStatement>(*db_, kInsertMessage);
  }
  void insert(long rows) {
    db_->exec("BEGIN IMMEDIATE");
    for (long i = 0; i < rows; ++i) {
      row_.fill(next_++);
      insert_->bind(1, row_.id);
      insert_->bind(2, row_.conversation_id);
      insert_->bind(3, row_.role);
      insert_->bind(4, row_.content);
      insert_->bind(5, row_.status);
      insert_->bind(6, row_.token_estimate);
      insert_->bind_null(7);
      insert_->bind(8, row_.created_at);
      insert_->run();
    }
    db_->exec("COMMIT");
  }

private:
  std::unique_ptr<SqliteDatabase> db_;
  std::unique_ptr<SqliteStatement> insert_;
  MessageRow row_;
  std::int64_t next_ = 0;
};

// Every stored message, as text: the sides agree when these are equal.
std::string table_contents(const std::string& path) {
  SqliteDatabase db(path);
  SqliteStatement select(db, "SELECT id, conversation_id, role, content, status, token_estimate, "
                             "coalesce(tool_call_id, '<null>'), created_at FROM messages ORDER BY id");
  std::string out;
  while (select.next_row()) {
    for (int column = 0; column < 8; ++column) out += select.text(column) + "|";
    out += "\n";
  }
  return out;
}

} // namespace

int measure_insert_rate(Session& session, const std::string& scratch_dir, long rows_per_transaction) {
  const std::string store_case = "insert " + std::to_string(rows_per_transaction) + " messages, store path";
  const std::string prepared_case = "insert " + std::to_string(rows_per_transaction) + " messages, store batch";
  const std::string vectors_case = "insert " + std::to_string(rows_per_transaction) + " messages, Poco vectors";
  if (!session.selects(store_case) && !session.selects(prepared_case) && !session.selects(vectors_case)) return 0;

  const auto path = [&](const char* name) { return (std::filesystem::path(scratch_dir) / name).string(); };
  StorePathSide store_path(path("insert-store-path.db"));
  StoreBatchSide batch(path("insert-store-batch.db"));
  PocoVectorsSide vectors(path("insert-poco-vectors.db"));
  RawSqliteSide raw(path("insert-raw-sqlite3.db"));

  // The same first transaction on every side must leave the same rows.
  store_path.insert(rows_per_transaction);
  batch.insert(rows_per_transaction);
  vectors.insert(rows_per_transaction);
  raw.insert(rows_per_transaction);
  const std::string expected = table_contents(path("insert-raw-sqlite3.db"));
  if (expected.empty()) mismatch("the raw sqlite3 side stored no rows");
  if (table_contents(path("insert-store-path.db")) != expected)
    mismatch("the store path stored other message rows than raw sqlite3");
  if (table_contents(path("insert-store-batch.db")) != expected)
    mismatch("the store's batched insert stored other message rows than raw sqlite3");
  if (table_contents(path("insert-poco-vectors.db")) != expected)
    mismatch("the Poco statement bound to vectors stored other message rows than raw sqlite3");

  const double bytes = 100.0 * static_cast<double>(rows_per_transaction);
  const auto store_result = session.compare({store_case, "Connection::execute per row", "sqlite3 C API", bytes},
                                            [&] { store_path.insert(rows_per_transaction); },
                                            [&] { raw.insert(rows_per_transaction); });
  const auto prepared_result = session.compare({prepared_case, "Connection::insert_rows", "sqlite3 C API", bytes},
                                               [&] { batch.insert(rows_per_transaction); },
                                               [&] { raw.insert(rows_per_transaction); });
  const auto vectors_result = session.compare({vectors_case, "one Statement, use(vector)", "sqlite3 C API", bytes},
                                              [&] { vectors.insert(rows_per_transaction); },
                                              [&] { raw.insert(rows_per_transaction); });
  const auto rate = [&](double ns) { return detail::format_figure(static_cast<double>(rows_per_transaction) / ns * 1e9); };
  for (const auto& result : {store_result, prepared_result, vectors_result}) {
    if (!result) continue;
    session.note(result->what.name + ": " + rate(result->ours_ns) + " rows/s vs " + rate(result->reference_ns) +
                 " rows/s raw; insert-rate ratio ours/raw = " + detail::format_fixed(1.0 / result->ratio, 2) +
                 " (goal >= 0.5)");
  }
  session.note("insert: one transaction (BEGIN IMMEDIATE ... COMMIT) of " + std::to_string(rows_per_transaction) +
               " 100-byte message rows per operation, the store's INSERT statement and connection settings (WAL, "
               "synchronous=FULL, foreign_keys=ON) on both sides");
  return (store_result ? 1 : 0) + (prepared_result ? 1 : 0) + (vectors_result ? 1 : 0);
}

} // namespace bench::api
