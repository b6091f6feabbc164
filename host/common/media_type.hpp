// Reading media-type header values (Content-Type, a multipart part's Content-Disposition):
// `type/subtype; name=value; name="quoted \" value"`. Shared by the HTTP API's body readers and
// the documents module's content-type detection, so every place reads a header the same way.
// Header-only: a handful of small string functions.
#pragma once

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agenthost {

inline std::string lowercase_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
inline std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The value's first token as written ("Application/JSON; charset=utf-8" -> "Application/JSON"),
// for error messages that quote what the client sent.
inline std::string_view media_type_as_written(std::string_view header_value) {
  return trim_blanks(header_value.substr(0, header_value.find(';')));
}

// The value's first token, lower-cased for comparison ("Text/HTML; charset=x" -> "text/html").
inline std::string media_type_of(std::string_view header_value) {
  return lowercase_ascii(media_type_as_written(header_value));
}

// (name, value) in header order; names lower-cased, values as sent (unquoted).
using MediaParameters = std::vector<std::pair<std::string, std::string>>;

// The `; name=value` parameters after the value's first token. A quoted value takes backslash
// escapes, and a semicolon inside quotes is part of the value; a name without '=' gets "".
inline MediaParameters media_parameters_of(std::string_view header_value) {
  const std::size_t semicolon = header_value.find(';');
  const std::string_view text =
      semicolon == std::string_view::npos ? std::string_view() : header_value.substr(semicolon + 1);
  MediaParameters out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ';' || text[i] == ' ' || text[i] == '\t')) ++i;
    const std::size_t name_start = i;
    while (i < text.size() && text[i] != '=' && text[i] != ';') ++i;
    const std::string name = lowercase_ascii(trim_blanks(text.substr(name_start, i - name_start)));
    if (i >= text.size() || text[i] != '=') {
      if (!name.empty()) out.emplace_back(name, std::string());
      continue;
    }
    ++i; // '='
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    std::string value;
    if (i < text.size() && text[i] == '"') {
      ++i;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == '\\')) ++i;
        value += text[i++];
      }
      if (i < text.size()) ++i; // closing quote
      while (i < text.size() && text[i] != ';') ++i;
    } else {
      const std::size_t value_start = i;
      while (i < text.size() && text[i] != ';') ++i;
      value = std::string(trim_blanks(text.substr(value_start, i - value_start)));
    }
    out.emplace_back(name, std::move(value));
  }
  return out;
}

// The first parameter called `name` (lower-case), if any.
inline std::optional<std::string> media_parameter(const MediaParameters& parameters, std::string_view name) {
  for (const auto& [key, value] : parameters)
    if (key == name) return value;
  return std::nullopt;
}

} // namespace agenthost
