// The values that cross between our code and SQL: statement parameters and result cells.
//
// One small variant instead of Poco's Dynamic::Var keeps repositories free of Poco types and
// makes NULL explicit: a parameter is NULL only when the caller says so.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace agenthost::store {

struct SqlNull {};
inline constexpr SqlNull sql_null{};

using SqlValue = std::variant<SqlNull, std::int64_t, double, bool, std::string>;
using SqlParams = std::vector<SqlValue>;

// `value` or NULL.
inline SqlValue nullable(const std::optional<std::string>& value) {
  return value ? SqlValue(*value) : SqlValue(sql_null);
}
inline SqlValue nullable(const std::optional<std::int64_t>& value) {
  return value ? SqlValue(*value) : SqlValue(sql_null);
}

// One result row. Getters convert what the driver returned (SQLite reports some integers as
// text, PostgreSQL reports counts as int64) to the type the caller asks for; a NULL read with a
// non-optional getter throws Error(ErrorKind::internal) naming the column.
class Row {
public:
  using ColumnNames = std::shared_ptr<const std::vector<std::string>>;
  Row(std::vector<SqlValue> cells, ColumnNames names) : cells_(std::move(cells)), names_(std::move(names)) {}

  std::size_t size() const noexcept { return cells_.size(); }
  bool is_null(std::size_t column) const;
  std::string text(std::size_t column) const;
  std::optional<std::string> optional_text(std::size_t column) const;
  std::int64_t integer(std::size_t column) const;
  std::optional<std::int64_t> optional_integer(std::size_t column) const;
  double real(std::size_t column) const;
  bool boolean(std::size_t column) const;

private:
  const SqlValue& cell(std::size_t column) const;
  std::string column_name(std::size_t column) const;

  std::vector<SqlValue> cells_;
  ColumnNames names_; // shared by the rows of one result, for error messages
};

struct Rows {
  std::vector<Row> rows;

  bool empty() const noexcept { return rows.empty(); }
  std::size_t size() const noexcept { return rows.size(); }
  const Row& operator[](std::size_t i) const { return rows[i]; }
  auto begin() const { return rows.begin(); }
  auto end() const { return rows.end(); }
};

} // namespace agenthost::store
