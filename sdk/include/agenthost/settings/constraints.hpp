// agenthost SDK settings: schema rules shared by convert() and check_schema(): type tests,
// number comparison and the enum / bound / length checks. convert() applies them to what an
// operator wrote and check_schema() to a schema's own defaults, so a bad default is reported
// in the same words an operator would see for the same value.
#pragma once

#include "agenthost/json.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace agenthost::settings::detail {

// Strings as they are, everything else as JSON text: "public", 2, [1,2].
inline std::string show(const json::Value& v) { return v.is_string() ? v.as_string() : json::dump(v); }

inline std::size_t count_characters(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Whether a JSON value is of a schema type (used for defaults, enums and JSON-form arrays).
inline bool has_type(const json::Value& v, std::string_view type) {
  if (type == "string") return v.is_string();
  if (type == "integer") {
    if (!v.is_number()) return false;
    try { // 5.0 counts as an integer, as in JSON Schema
      (void)v.as_int();
      return true;
    } catch (const json::TypeError&) {
      return false;
    }
  }
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_bool();
  if (type == "array") return v.is_array();
  if (type == "object") return v.is_object();
  return false;
}

inline std::string type_of(const json::Value& property) {
  const json::Value& type = property["type"];
  return type.is_string() ? type.as_string() : "string";
}

// -1, 0 or 1; exact for two integers, through double otherwise.
inline int compare_numbers(const json::Value& a, const json::Value& b) {
  if (a.is_int() && b.is_int()) return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
  const double x = a.as_double(), y = b.as_double();
  return x < y ? -1 : x > y ? 1 : 0;
}

// Checks enum, bounds and lengths. `shown` is how the value reads to the operator (what they
// typed). Returns the problem without the key prefix, or "" when the value is acceptable.
inline std::string check_constraints(const json::Value& property, const json::Value& value, const std::string& shown) {
  if (const json::Value* allowed = property.find("enum"); allowed && allowed->is_array()) {
    const auto& options = allowed->as_array();
    if (std::find(options.begin(), options.end(), value) == options.end()) {
      std::string list;
      for (const json::Value& option : options) list += (list.empty() ? "" : ", ") + show(option);
      return "must be one of " + list + " (got '" + shown + "')";
    }
  }
  if (value.is_number()) {
    struct Bound {
      const char* keyword;
      const char* relation;
      int forbidden_sign; // compare(value, limit) result that violates the bound
      bool inclusive;     // whether equality also violates it
    };
    static const Bound bounds[] = {{"minimum", ">=", -1, false},
                                   {"maximum", "<=", 1, false},
                                   {"exclusiveMinimum", ">", -1, true},
                                   {"exclusiveMaximum", "<", 1, true}};
    for (const Bound& bound : bounds) {
      const json::Value& limit = property[bound.keyword];
      if (!limit.is_number()) continue;
      const int sign = compare_numbers(value, limit);
      if (sign == bound.forbidden_sign || (bound.inclusive && sign == 0))
        return std::string("must be ") + bound.relation + " " + json::dump(limit) + " (got " + shown + ")";
    }
  }
  const auto check_count = [&](const char* keyword, std::size_t count, bool at_least, const char* unit) -> std::string {
    const json::Value& limit = property[keyword];
    if (!limit.is_int()) return "";
    const bool bad = at_least ? static_cast<std::int64_t>(count) < limit.as_int() : static_cast<std::int64_t>(count) > limit.as_int();
    if (!bad) return "";
    return std::string("must have ") + (at_least ? "at least " : "at most ") + std::to_string(limit.as_int()) + " " + unit +
           " (got " + std::to_string(count) + ")";
  };
  std::string error;
  if (value.is_string()) {
    const std::size_t length = count_characters(value.as_string());
    if (error = check_count("minLength", length, true, "characters"); !error.empty()) return error;
    if (error = check_count("maxLength", length, false, "characters"); !error.empty()) return error;
  }
  if (value.is_array()) {
    if (error = check_count("minItems", value.size(), true, "items"); !error.empty()) return error;
    if (error = check_count("maxItems", value.size(), false, "items"); !error.empty()) return error;
  }
  return "";
}

} // namespace agenthost::settings::detail
