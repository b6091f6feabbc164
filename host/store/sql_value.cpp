#include "store/sql_value.hpp"

#include "common/error.hpp"

#include <cmath>
#include <cstdlib>

namespace agenthost::store {

const SqlValue& Row::cell(std::size_t column) const {
  if (column >= cells_.size()) {
    throw Error(ErrorKind::internal, "result column " + std::to_string(column) + " out of range (row has " +
                                         std::to_string(cells_.size()) + ")");
  }
  return cells_[column];
}

std::string Row::column_name(std::size_t column) const {
  if (names_ != nullptr && column < names_->size()) return (*names_)[column];
  return "#" + std::to_string(column);
}

bool Row::is_null(std::size_t column) const { return std::holds_alternative<SqlNull>(cell(column)); }

std::optional<std::string> Row::optional_text(std::size_t column) const {
  const SqlValue& value = cell(column);
  if (std::holds_alternative<SqlNull>(value)) return std::nullopt;
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
  if (const auto* real = std::get_if<double>(&value)) return std::to_string(*real);
  return std::string(std::get<bool>(value) ? "1" : "0");
}

std::string Row::text(std::size_t column) const {
  std::optional<std::string> value = optional_text(column);
  if (!value) throw Error(ErrorKind::internal, "column " + column_name(column) + " is NULL where text was expected");
  return std::move(*value);
}

std::optional<std::int64_t> Row::optional_integer(std::size_t column) const {
  const SqlValue& value = cell(column);
  if (std::holds_alternative<SqlNull>(value)) return std::nullopt;
  if (const auto* number = std::get_if<std::int64_t>(&value)) return *number;
  if (const auto* real = std::get_if<double>(&value)) return static_cast<std::int64_t>(std::llround(*real));
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? 1 : 0;
  const std::string& text = std::get<std::string>(value);
  char* end = nullptr;
  const long long parsed = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || end == nullptr || *end != '\0') {
    throw Error(ErrorKind::internal, "column " + column_name(column) + " holds '" + text + "', not an integer");
  }
  return parsed;
}

std::int64_t Row::integer(std::size_t column) const {
  std::optional<std::int64_t> value = optional_integer(column);
  if (!value) throw Error(ErrorKind::internal, "column " + column_name(column) + " is NULL where an integer was expected");
  return *value;
}

double Row::real(std::size_t column) const {
  const SqlValue& value = cell(column);
  if (const auto* real = std::get_if<double>(&value)) return *real;
  if (const auto* number = std::get_if<std::int64_t>(&value)) return static_cast<double>(*number);
  if (const auto* text = std::get_if<std::string>(&value)) return std::strtod(text->c_str(), nullptr);
  throw Error(ErrorKind::internal, "column " + column_name(column) + " is not a number");
}

bool Row::boolean(std::size_t column) const {
  const SqlValue& value = cell(column);
  if (const auto* flag = std::get_if<bool>(&value)) return *flag;
  if (const auto* text = std::get_if<std::string>(&value)) return *text == "1" || *text == "t" || *text == "true";
  return integer(column) != 0;
}

} // namespace agenthost::store
