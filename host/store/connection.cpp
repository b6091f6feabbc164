#include "store/connection.hpp"

#include "common/error.hpp"
#include "store/query_counter.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/SQLite/SQLiteException.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <stdexcept>

namespace agenthost::store {
namespace {

using Poco::Data::Keywords::bind;

void bind_param(Poco::Data::Statement& statement, const SqlValue& value) {
  std::visit(
      [&statement](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, SqlNull>) {
          statement, bind(Poco::Nullable<std::string>());
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          statement, bind(static_cast<Poco::Int64>(v));
        } else {
          statement, bind(v);
        }
      },
      value);
}

SqlValue cell_of(const Poco::Dynamic::Var& value) {
  if (value.isEmpty()) return sql_null;
  if (value.isBoolean()) return value.extract<bool>();
  if (value.isInteger()) return value.convert<Poco::Int64>();
  if (value.isNumeric()) return value.convert<double>();
  return value.convert<std::string>();
}

bool is_constraint_violation(const Poco::Exception& error) {
  if (dynamic_cast<const Poco::Data::SQLite::ConstraintViolationException*>(&error) != nullptr) return true;
  // PostgreSQL: SQLSTATE class 23 (integrity constraint violation); Poco only gives the text.
  return error.displayText().find("violates") != std::string::npos;
}

// Database failures reach clients only as "internal error, request id X" (they are not
// agenthost::Error), and the server log gets the driver's text. A constraint violation is a
// conflict the caller can act on, so it becomes Error(conflict); repositories that expect one
// catch it and say which value clashed.
[[noreturn]] void rethrow_database_error(const Poco::Exception& error) {
  if (is_constraint_violation(error)) {
    throw Error(ErrorKind::conflict, "the change conflicts with existing data (a unique or reference constraint)");
  }
  throw std::runtime_error("database error: " + error.displayText());
}

} // namespace

Connection::Connection(Poco::Data::Session session, const Dialect& dialect, Release release)
    : session_(std::move(session)), dialect_(&dialect), release_(std::move(release)) {}

Connection::Connection(Connection&& other) noexcept
    : session_(other.session_), dialect_(other.dialect_), release_(std::move(other.release_)),
      in_transaction_(other.in_transaction_), broken_(other.broken_) {
  other.moved_from_ = true;
}

Connection::~Connection() {
  if (moved_from_) return;
  if (in_transaction_) rollback();
  bool reusable = !broken_;
  try {
    reusable = reusable && session_.isConnected();
  } catch (...) {
    reusable = false;
  }
  if (release_) release_(std::move(session_), reusable);
}

std::size_t Connection::execute(std::string_view sql, const SqlParams& params) {
  try {
    Poco::Data::Statement statement(session_);
    statement << dialect_->translate(sql);
    for (const SqlValue& param : params) bind_param(statement, param);
    count_statement();
    return statement.execute();
  } catch (const Poco::Exception& error) {
    rethrow_database_error(error);
  }
}

Rows Connection::query(std::string_view sql, const SqlParams& params) {
  try {
    Poco::Data::Statement statement(session_);
    statement << dialect_->translate(sql);
    for (const SqlValue& param : params) bind_param(statement, param);
    count_statement();
    statement.execute();
    Poco::Data::RecordSet records(statement);
    Rows result;
    const std::size_t columns = records.columnCount();
    auto names = std::make_shared<std::vector<std::string>>();
    names->reserve(columns);
    for (std::size_t c = 0; c < columns; ++c) names->push_back(records.columnName(c));
    const std::size_t count = records.rowCount();
    result.rows.reserve(count);
    for (std::size_t r = 0; r < count; ++r) {
      std::vector<SqlValue> cells;
      cells.reserve(columns);
      for (std::size_t c = 0; c < columns; ++c) cells.push_back(cell_of(records.value(c, r)));
      result.rows.emplace_back(std::move(cells), names);
    }
    return result;
  } catch (const Poco::Exception& error) {
    rethrow_database_error(error);
  }
}

std::size_t Connection::insert_rows(std::string_view insert_head, std::size_t columns, const SqlParams& values) {
  if (columns == 0 || values.size() % columns != 0) {
    throw Error(ErrorKind::internal, "insert_rows: " + std::to_string(values.size()) + " values do not make rows of " +
                                         std::to_string(columns));
  }
  if (values.empty()) return 0;
  if (dialect_->engine() == Engine::sqlite) {
    if (std::optional<std::size_t> inserted = insert_rows_as_columns(insert_head, columns, values)) return *inserted;
  }
  // Well under SQLite's 32766 and PostgreSQL's 65535 parameters per statement.
  constexpr std::size_t kMaxParameters = 4000;
  const std::size_t rows_per_statement = std::max<std::size_t>(1, kMaxParameters / columns);
  std::string tuple = "(";
  for (std::size_t c = 0; c < columns; ++c) tuple += c == 0 ? "?" : ", ?";
  tuple += ")";
  const std::size_t rows = values.size() / columns;
  std::size_t inserted = 0;
  for (std::size_t first = 0; first < rows; first += rows_per_statement) {
    const std::size_t count = std::min(rows_per_statement, rows - first);
    std::string sql(insert_head);
    sql += " VALUES ";
    sql.reserve(sql.size() + count * (tuple.size() + 2));
    for (std::size_t r = 0; r < count; ++r) {
      if (r > 0) sql += ", ";
      sql += tuple;
    }
    const auto begin = values.begin() + static_cast<std::ptrdiff_t>(first * columns);
    inserted += execute(sql, SqlParams(begin, begin + static_cast<std::ptrdiff_t>(count * columns)));
  }
  return inserted;
}

std::optional<std::size_t> Connection::insert_rows_as_columns(std::string_view insert_head, std::size_t columns,
                                                             const SqlParams& values) {
  // Poco binds a vector per column and steps one prepared statement once per row. Each column
  // needs one C++ type: the type of its first non-NULL value; a column mixing types makes the
  // caller fall back to multi-row VALUES.
  using Column = std::variant<std::vector<Poco::Nullable<Poco::Int64>>, std::vector<Poco::Nullable<double>>,
                              std::vector<Poco::Nullable<bool>>, std::vector<Poco::Nullable<std::string>>>;
  const std::size_t rows = values.size() / columns;
  std::vector<Column> bound(columns);
  for (std::size_t c = 0; c < columns; ++c) {
    std::size_t kind = 3; // all NULL: bind as text NULLs
    for (std::size_t r = 0; r < rows; ++r) {
      const SqlValue& value = values[r * columns + c];
      if (std::holds_alternative<SqlNull>(value)) continue;
      kind = value.index() - 1; // int64, double, bool, string
      break;
    }
    const auto fill = [&](auto& column, auto extract) -> bool {
      column.resize(rows);
      for (std::size_t r = 0; r < rows; ++r) {
        const SqlValue& value = values[r * columns + c];
        if (std::holds_alternative<SqlNull>(value)) continue;
        if (!extract(value, column[r])) return false;
      }
      return true;
    };
    bool ok = true;
    switch (kind) {
    case 0: {
      bound[c].emplace<0>();
      ok = fill(std::get<0>(bound[c]), [](const SqlValue& v, Poco::Nullable<Poco::Int64>& out) {
        const auto* n = std::get_if<std::int64_t>(&v);
        if (n != nullptr) out = static_cast<Poco::Int64>(*n);
        return n != nullptr;
      });
      break;
    }
    case 1:
      bound[c].emplace<1>();
      ok = fill(std::get<1>(bound[c]), [](const SqlValue& v, Poco::Nullable<double>& out) {
        const auto* d = std::get_if<double>(&v);
        if (d != nullptr) out = *d;
        return d != nullptr;
      });
      break;
    case 2:
      bound[c].emplace<2>();
      ok = fill(std::get<2>(bound[c]), [](const SqlValue& v, Poco::Nullable<bool>& out) {
        const auto* b = std::get_if<bool>(&v);
        if (b != nullptr) out = *b;
        return b != nullptr;
      });
      break;
    default:
      bound[c].emplace<3>();
      ok = fill(std::get<3>(bound[c]), [](const SqlValue& v, Poco::Nullable<std::string>& out) {
        const auto* t = std::get_if<std::string>(&v);
        if (t != nullptr) out = *t;
        return t != nullptr;
      });
      break;
    }
    if (!ok) return std::nullopt;
  }
  std::string sql(insert_head);
  sql += " VALUES (";
  for (std::size_t c = 0; c < columns; ++c) sql += c == 0 ? "?" : ", ?";
  sql += ")";
  try {
    Poco::Data::Statement statement(session_);
    statement << sql;
    for (Column& column : bound) {
      std::visit([&statement](auto& vector) { statement, Poco::Data::Keywords::use(vector); }, column);
    }
    count_statement();
    statement.execute();
    return rows;
  } catch (const Poco::Exception& error) {
    rethrow_database_error(error);
  }
}

std::optional<Row> Connection::query_one(std::string_view sql, const SqlParams& params) {
  Rows rows = query(sql, params);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.rows.front());
}

void Connection::run_control(const char* sql) {
  try {
    session_ << sql, Poco::Data::Keywords::now;
  } catch (const Poco::Exception& error) {
    broken_ = true;
    throw std::runtime_error(std::string("database error during ") + sql + ": " + error.displayText());
  }
}

void Connection::begin_write() {
  if (in_transaction_) throw Error(ErrorKind::internal, "a transaction is already open on this connection");
  run_control(dialect_->begin_write());
  in_transaction_ = true;
}

void Connection::commit() {
  if (!in_transaction_) throw Error(ErrorKind::internal, "commit without an open transaction");
  in_transaction_ = false;
  run_control("COMMIT");
}

void Connection::rollback() noexcept {
  if (!in_transaction_) return;
  in_transaction_ = false;
  try {
    session_ << "ROLLBACK", Poco::Data::Keywords::now;
  } catch (...) {
    broken_ = true; // a connection that cannot roll back is not handed out again
  }
}

} // namespace agenthost::store
