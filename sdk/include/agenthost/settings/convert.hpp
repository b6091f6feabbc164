// agenthost SDK settings: convert() turns an instance's INI settings (all strings) into typed
// JSON according to the component's settings schema, filling in defaults.
#pragma once

#include "agenthost/json.hpp"
#include "agenthost/settings/constraints.hpp"
#include "agenthost/settings/problem.hpp"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace agenthost::settings {

struct RawSetting {
  std::string key;
  std::string value;
  int line = 0; // in the config file; 0 when not from a file
};

struct Result {
  json::Value settings = json::Value::object();
  std::vector<Problem> problems;
  bool ok() const { return problems.empty(); }
};

namespace detail {

inline std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

inline std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

// A converted value or the reason it could not be converted (without the key prefix).
struct Conversion {
  json::Value value;
  std::string error;
};

inline Conversion fail(std::string error) { return {json::Value(), std::move(error)}; }

inline std::string quoted_input(std::string_view text) {
  return text.empty() ? "an empty value" : "'" + std::string(text) + "'";
}

// Splits an optional leading '+' or '-' (one only) from text. from_chars takes '-' but not '+'.
struct Signed {
  std::string_view for_from_chars; // text without a leading '+'
  std::string_view magnitude;      // text without any sign
};
inline Signed split_sign(std::string_view text) {
  if (!text.empty() && text.front() == '+') return {text.substr(1), text.substr(1)};
  if (!text.empty() && text.front() == '-') return {text, text.substr(1)};
  return {text, text};
}

inline Conversion to_integer(std::string_view text) {
  const auto [digits, unsigned_part] = split_sign(text);
  const bool well_formed = !unsigned_part.empty() &&
                           std::all_of(unsigned_part.begin(), unsigned_part.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!well_formed) return fail("expected an integer, got " + quoted_input(text));
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size())
    return fail(std::string(text) + " is out of range for an integer (-9223372036854775808 to 9223372036854775807)");
  return {json::Value(n), ""};
}

inline Conversion to_number(std::string_view text) {
  const auto [body, unsigned_part] = split_sign(text);
  // from_chars also takes "inf" and "nan"; settings want plain decimal numbers only.
  const bool starts_like_number = !unsigned_part.empty() && ((unsigned_part.front() >= '0' && unsigned_part.front() <= '9') || unsigned_part.front() == '.');
  double d = 0;
  const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), d);
  if (!starts_like_number || end != body.data() + body.size() || (ec != std::errc() && ec != std::errc::result_out_of_range))
    return fail("expected a number, got " + quoted_input(text));
  if (ec == std::errc::result_out_of_range) return fail(std::string(text) + " is out of range for a number");
  return {json::Value(d), ""};
}

inline Conversion to_boolean(std::string_view text) {
  const std::string word = lower_ascii(text);
  if (word == "true" || word == "yes" || word == "on" || word == "1") return {json::Value(true), ""};
  if (word == "false" || word == "no" || word == "off" || word == "0") return {json::Value(false), ""};
  return fail("expected a boolean (true/false, yes/no, on/off, 1/0), got " + quoted_input(text));
}

inline Conversion to_json(std::string_view text, json::Type expected) {
  const char* noun = expected == json::Type::object ? "a JSON object" : "a JSON array";
  try {
    json::Value v = json::parse(text);
    if (v.type() != expected) return fail(std::string("expected ") + noun + ", got a JSON " + json::type_name(v.type()));
    return {std::move(v), ""};
  } catch (const json::ParseError& e) {
    return fail(std::string("expected ") + noun + ", but the value is not valid JSON (" + e.what() + ")");
  }
}

// Joins a relative path onto base_dir; absolute paths and an empty base_dir leave it alone.
inline std::string resolve_path(const std::string& path, const std::string& base_dir) {
  if (base_dir.empty() || path.empty() || path.front() == '/') return path;
  std::string_view relative = path;
  while (relative.size() > 2 && relative.substr(0, 2) == "./") relative.remove_prefix(2);
  if (relative == ".") return base_dir;
  std::string out = base_dir;
  if (out.back() != '/') out.push_back('/');
  return out + std::string(relative);
}

inline bool is_path(const json::Value& property) {
  const json::Value& format = property["format"];
  return format.is_string() && format.as_string() == "path";
}

// Applies format "path" to a converted or default value (strings, or arrays of strings).
inline json::Value resolve_paths(const json::Value& property, json::Value value, const std::string& base_dir) {
  if (value.is_string() && is_path(property)) return json::Value(resolve_path(value.as_string(), base_dir));
  if (value.is_array() && is_path(property["items"])) {
    for (json::Value& item : value.as_array())
      if (item.is_string()) item = json::Value(resolve_path(item.as_string(), base_dir));
  }
  return value;
}

inline Conversion convert_scalar(const json::Value& property, std::string_view text) {
  const std::string type = type_of(property);
  Conversion c;
  if (type == "integer") c = to_integer(trim(text));
  else if (type == "number") c = to_number(trim(text));
  else if (type == "boolean") c = to_boolean(trim(text));
  else if (type == "object") c = to_json(trim(text), json::Type::object);
  else c = {json::Value(std::string(text)), ""};
  // Strings are kept verbatim, so show them verbatim; other types were read after trimming.
  if (c.error.empty()) c.error = check_constraints(property, c.value, std::string(c.value.is_string() ? text : trim(text)));
  return c;
}

// Arrays: "a, b, c" (items trimmed) or, for items that contain commas, JSON text "[...]".
inline Conversion convert_array(const json::Value& property, std::string_view text) {
  const json::Value& items = property["items"];
  const std::string item_type = type_of(items);
  text = trim(text);
  json::Value out = json::Value::array();
  if (!text.empty() && text.front() == '[') {
    Conversion parsed = to_json(text, json::Type::array);
    if (!parsed.error.empty()) return parsed;
    std::size_t index = 0;
    for (const json::Value& item : parsed.value.as_array()) {
      ++index;
      if (!has_type(item, item_type))
        return fail("item " + std::to_string(index) + ": expected " + item_type + ", got " + json::dump(item));
      const std::string error = check_constraints(items, item, show(item));
      if (!error.empty()) return fail("item " + std::to_string(index) + ": " + error);
    }
    out = std::move(parsed.value);
  } else if (!text.empty()) {
    std::size_t index = 0, start = 0;
    for (;;) {
      const std::size_t comma = text.find(',', start);
      const std::string_view piece = trim(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
      ++index;
      if (piece.empty()) return fail("item " + std::to_string(index) + " is empty (write items separated by single commas)");
      Conversion item = convert_scalar(items, piece);
      if (!item.error.empty()) return fail("item " + std::to_string(index) + ": " + item.error);
      out.push_back(std::move(item.value));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
  const std::string error = check_constraints(property, out, std::string(text));
  if (!error.empty()) return fail(error);
  return {std::move(out), ""};
}

inline Conversion convert_text(const json::Value& property, std::string_view text, const std::string& base_dir) {
  Conversion c = type_of(property) == "array" ? convert_array(property, text) : convert_scalar(property, text);
  if (c.error.empty()) c.value = resolve_paths(property, std::move(c.value), base_dir);
  return c;
}

inline std::string unknown_setting_message(const std::string& key, const json::Value& properties) {
  std::string message = "unknown setting '" + key + "'";
  if (!properties.is_object() || properties.size() == 0) return message + "; this component takes no settings";
  const std::string lowered = lower_ascii(key);
  const std::string* best = nullptr;
  std::size_t best_distance = 3;
  for (const auto& [name, property] : properties.as_object()) {
    const std::string candidate = lower_ascii(name);
    // A prefix of at least 4 characters ("token_delay" for "token_delay_ms") is as good a hint
    // as a near miss, though its edit distance may be large.
    const bool prefix = lowered.size() >= 4 && candidate.size() > lowered.size() && candidate.compare(0, lowered.size(), lowered) == 0;
    const std::size_t distance = prefix ? 1 : edit_distance(lowered, candidate);
    // A distance as long as the shorter name means they share nothing worth pointing at.
    if (distance < best_distance && distance < std::min(key.size(), name.size())) best = &name, best_distance = distance;
  }
  if (best) return message + " (did you mean '" + *best + "'?)";
  std::string names;
  for (const auto& member : properties.as_object()) names += (names.empty() ? "" : ", ") + member.first;
  return message + "; known settings: " + names;
}

inline bool is_required(const json::Value& schema, std::string_view name) {
  const json::Value& required = schema["required"];
  if (!required.is_array()) return false;
  const auto& names = required.as_array();
  return std::any_of(names.begin(), names.end(), [&](const json::Value& n) { return n.is_string() && n.as_string() == name; });
}

} // namespace detail

// Converts raw INI settings to a JSON object following schema, filling in defaults. Problems
// are collected, not thrown, so an operator sees every mistake in one run; settings that
// converted are still present in the result.
inline Result convert(const json::Value& schema, const std::vector<RawSetting>& raw, const std::string& base_dir = "") {
  Result result;
  if (!schema.is_object()) {
    result.problems.push_back({"", 0, "the settings schema is not a JSON object"});
    return result;
  }
  const json::Value& properties = schema["properties"];
  const json::Value& additional = schema["additionalProperties"];

  // Each key once; the first occurrence counts and later ones are reported.
  std::vector<const RawSetting*> given;
  for (const RawSetting& setting : raw) {
    const auto earlier = std::find_if(given.begin(), given.end(), [&](const RawSetting* s) { return s->key == setting.key; });
    if (earlier == given.end()) {
      given.push_back(&setting);
      continue;
    }
    std::string where = (*earlier)->line > 0 ? " (first on line " + std::to_string((*earlier)->line) + ")" : "";
    result.problems.push_back({setting.key, setting.line, setting.key + ": set more than once" + where + "; keep one"});
  }
  const auto find_given = [&](std::string_view key) -> const RawSetting* {
    const auto it = std::find_if(given.begin(), given.end(), [&](const RawSetting* s) { return s->key == key; });
    return it == given.end() ? nullptr : *it;
  };
  const auto convert_one = [&](const std::string& key, const json::Value& property, const RawSetting& setting) {
    detail::Conversion c = detail::convert_text(property, setting.value, base_dir);
    if (c.error.empty()) result.settings.set(key, std::move(c.value));
    else result.problems.push_back({key, setting.line, key + ": " + c.error});
  };

  // Declared settings in schema order, so the output reads like the documentation.
  if (properties.is_object()) {
    for (const auto& [name, property] : properties.as_object()) {
      if (const RawSetting* setting = find_given(name)) {
        convert_one(name, property, *setting);
      } else if (const json::Value* fallback = property.find("default")) {
        result.settings.set(name, detail::resolve_paths(property, *fallback, base_dir));
      } else if (detail::is_required(schema, name)) {
        const json::Value& description = property["description"];
        const std::string hint = description.is_string() ? " (" + description.as_string() + ")" : "";
        result.problems.push_back({name, 0, name + ": required setting is missing" + hint + "; add '" + name + " = ...'"});
      }
    }
  }
  for (const RawSetting* setting : given) {
    if (properties.find(setting->key)) continue;
    if (additional.is_object()) convert_one(setting->key, additional, *setting);
    else if (additional.is_bool() && additional.as_bool()) result.settings.set(setting->key, setting->value);
    else result.problems.push_back({setting->key, setting->line, detail::unknown_setting_message(setting->key, properties)});
  }
  return result;
}

} // namespace agenthost::settings
