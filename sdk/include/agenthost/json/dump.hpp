// agenthost SDK JSON: the writer (compact text, members in insertion order).
#pragma once

#include "agenthost/json/utf8.hpp"
#include "agenthost/json/value.hpp"

#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>

namespace agenthost::json {

namespace detail {

inline void append_double(std::string& out, double d) {
  if (!std::isfinite(d)) { // JSON has no NaN or infinity
    out += "null";
    return;
  }
  char buffer[32];
  const char* end = std::to_chars(buffer, buffer + sizeof buffer, d).ptr; // shortest round-trip form
  const std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
  out += text;
  if (text.find_first_of(".e") == std::string_view::npos) out += ".0"; // stays a double when re-read
}

} // namespace detail

// Appends s as a quoted JSON string. Invalid UTF-8 bytes become U+FFFD, so the output is
// always valid JSON whatever bytes a plugin or an upstream server produced.
inline void append_escaped(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t run = i;
    while (i < s.size()) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++i;
    }
    out.append(s.data() + run, i - run);
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      if (c < 0x20) {
        out += "\\u00";
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0xF]);
      } else {
        const std::size_t length =
            detail::utf8_sequence_length(reinterpret_cast<const unsigned char*>(s.data() + i), s.size() - i);
        if (length == 0) {
          out += "\xEF\xBF\xBD"; // U+FFFD REPLACEMENT CHARACTER
          ++i;
        } else {
          out.append(s.data() + i, length);
          i += length;
        }
        continue;
      }
    }
    ++i;
  }
  out.push_back('"');
}

// Appends the compact JSON text of value (no whitespace, members in insertion order).
inline void dump_to(std::string& out, const Value& value) {
  switch (value.type()) {
  case Type::null: out += "null"; return;
  case Type::boolean: out += value.as_bool() ? "true" : "false"; return;
  case Type::integer: {
    char buffer[24];
    out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value.as_int()).ptr);
    return;
  }
  case Type::floating: detail::append_double(out, value.as_double()); return;
  case Type::string: append_escaped(out, value.as_string()); return;
  case Type::array: {
    out.push_back('[');
    bool first = true;
    for (const Value& item : value.as_array()) {
      if (!first) out.push_back(',');
      first = false;
      dump_to(out, item);
    }
    out.push_back(']');
    return;
  }
  case Type::object: {
    out.push_back('{');
    bool first = true;
    for (const auto& [key, member] : value.as_object()) {
      if (!first) out.push_back(',');
      first = false;
      append_escaped(out, key);
      out.push_back(':');
      dump_to(out, member);
    }
    out.push_back('}');
    return;
  }
  }
}

inline std::string dump(const Value& value) {
  std::string out;
  dump_to(out, value);
  return out;
}

} // namespace agenthost::json
