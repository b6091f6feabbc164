// The raw sqlite3 C API, wrapped just enough for the benchmark: a connection and a prepared
// statement that close themselves, and errors that say which statement failed.
//
// This is the reference side of the insert-rate comparison and the bulk loader of the dataset,
// so it stays as thin as the C API itself: prepare once, then bind, step, reset.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bench::api {

class SqliteDatabase {
public:
  explicit SqliteDatabase(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw std::runtime_error("cannot open " + path + " with sqlite3: " + message +
                               " (the store must have created and migrated it first)");
    }
  }
  ~SqliteDatabase() { sqlite3_close_v2(db_); }
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  sqlite3* handle() const noexcept { return db_; }

  // Runs statements that return nothing (PRAGMA, BEGIN, COMMIT, ...).
  void exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error ? error : sqlite3_errmsg(db_);
      sqlite3_free(error);
      throw std::runtime_error("sqlite3: '" + sql + "' failed: " + message);
    }
  }

private:
  sqlite3* db_ = nullptr;
};

class SqliteStatement {
public:
  SqliteStatement(SqliteDatabase& database, std::string sql) : db_(database.handle()), sql_(std::move(sql)) {
    if (sqlite3_prepare_v2(db_, sql_.c_str(), static_cast<int>(sql_.size()), &statement_, nullptr) != SQLITE_OK)
      fail("prepare");
  }
  ~SqliteStatement() { sqlite3_finalize(statement_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Parameters are 1-based, as in the C API. Text is copied by SQLite (SQLITE_TRANSIENT) only
  // when the caller's buffer might change before step(); here it never does, so STATIC.
  void bind(int index, std::string_view text) {
    check(sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC), "bind");
  }
  void bind(int index, std::int64_t value) { check(sqlite3_bind_int64(statement_, index, value), "bind"); }
  void bind_null(int index) { check(sqlite3_bind_null(statement_, index), "bind"); }

  // Steps a statement that returns no rows, then resets it for the next bind.
  void run() {
    if (sqlite3_step(statement_) != SQLITE_DONE) fail("step");
    sqlite3_reset(statement_);
  }
  // For queries: true while there is a row.
  bool next_row() {
    const int status = sqlite3_step(statement_);
    if (status == SQLITE_ROW) return true;
    if (status != SQLITE_DONE) fail("step");
    return false;
  }
  std::int64_t integer(int column) const { return sqlite3_column_int64(statement_, column); }
  std::string text(int column) const {
    const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    return bytes ? std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))) : "";
  }

private:
  void check(int status, const char* what) {
    if (status != SQLITE_OK) fail(what);
  }
  [[noreturn]] void fail(const char* what) {
    throw std::runtime_error(std::string("sqlite3 ") + what + " of '" + sql_ + "' failed: " + sqlite3_errmsg(db_));
  }

  sqlite3* db_;
  std::string sql_;
  sqlite3_stmt* statement_ = nullptr;
};

} // namespace bench::api
