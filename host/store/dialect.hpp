// The SQL that differs between SQLite and PostgreSQL, in one place.
//
// Repositories write portable SQL with `?` placeholders (both engines accept TEXT, BIGINT,
// BOOLEAN, DOUBLE PRECISION, ON CONFLICT and RETURNING); the dialect turns it into what the
// engine wants and supplies the few statements that have no common spelling.
#pragma once

#include <string>
#include <string_view>

namespace agenthost::store {

enum class Engine { sqlite, postgresql };

class Dialect {
public:
  explicit Dialect(Engine engine) : engine_(engine) {}

  Engine engine() const noexcept { return engine_; }
  const char* name() const noexcept { return engine_ == Engine::sqlite ? "sqlite" : "postgresql"; }

  // `?` placeholders become `$1, $2, ...` for PostgreSQL. Question marks inside quoted
  // strings, quoted identifiers and comments are left alone.
  std::string translate(std::string_view sql) const;

  // Starts a transaction that will write. SQLite takes the write lock at once (BEGIN
  // IMMEDIATE), so two writers queue on the busy timeout instead of one failing at its first
  // write with SQLITE_BUSY after both read.
  const char* begin_write() const noexcept { return engine_ == Engine::sqlite ? "BEGIN IMMEDIATE" : "BEGIN"; }

private:
  Engine engine_;
};

} // namespace agenthost::store
