// One database connection borrowed from the pool: runs statements, counts them, and goes back
// to the pool when destroyed.
#pragma once

#include "store/dialect.hpp"
#include "store/sql_value.hpp"

#include <Poco/Data/Session.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string_view>

namespace agenthost::store {

class Connection {
public:
  using Release = std::function<void(Poco::Data::Session&&, bool reusable)>;

  Connection(Poco::Data::Session session, const Dialect& dialect, Release release);
  ~Connection();
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&&) = delete;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  const Dialect& dialect() const noexcept { return *dialect_; }

  // Runs a statement that returns no rows; returns the number of rows it changed.
  // Database errors become Error(ErrorKind::internal) without SQL text or values in the
  // message (see store_error.hpp); constraint violations become ErrorKind::conflict.
  std::size_t execute(std::string_view sql, const SqlParams& params = {});
  // Runs a statement that returns rows (SELECT, or INSERT/UPDATE ... RETURNING).
  Rows query(std::string_view sql, const SqlParams& params = {});
  // Inserts rows with as few statements as the engines allow: `insert_head` is
  // "INSERT INTO t (a, b, c)", `values` holds the rows one after another (`columns` values
  // each), and each statement carries "VALUES (?, ?, ?), (?, ?, ?), ..." for many rows. One
  // prepare per chunk instead of one per row: the difference between a third and most of raw
  // sqlite3's insert rate (see bench/api). Returns the number of rows inserted.
  std::size_t insert_rows(std::string_view insert_head, std::size_t columns, const SqlParams& values);

  // The first row, if any.
  std::optional<Row> query_one(std::string_view sql, const SqlParams& params = {});

  // Transaction control (not counted as statements). Prefer Database::transaction.
  void begin_write();
  void commit();
  void rollback() noexcept;
  bool in_transaction() const noexcept { return in_transaction_; }

  // For what this class does not cover (migrations' multi-statement scripts, benchmarks).
  Poco::Data::Session& session() noexcept { return session_; }

private:
  void run_control(const char* sql);
  // SQLite: the rows bound as one vector per column to a single statement; nullopt when a
  // column mixes value types (the caller then uses multi-row VALUES).
  std::optional<std::size_t> insert_rows_as_columns(std::string_view insert_head, std::size_t columns,
                                                    const SqlParams& values);

  Poco::Data::Session session_;
  const Dialect* dialect_;
  Release release_;
  bool in_transaction_ = false;
  bool broken_ = false; // a connection-level failure: do not return it to the pool
  bool moved_from_ = false;
};

} // namespace agenthost::store
