// agenthost SDK settings: check_schema(), which checks that a component's settings schema is
// one convert() can use (the host refuses a plugin whose schema fails it).
#pragma once

#include "agenthost/json.hpp"
#include "agenthost/settings/constraints.hpp"
#include "agenthost/settings/problem.hpp"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string>
#include <vector>

namespace agenthost::settings {

namespace detail {

inline const char* const known_types[] = {"string", "integer", "number", "boolean", "array", "object"};
inline constexpr const char* known_types_text = "string, integer, number, boolean, array, object";

inline bool is_known_type(const json::Value& type) {
  return type.is_string() &&
         std::any_of(std::begin(known_types), std::end(known_types), [&](const char* t) { return type.as_string() == t; });
}

} // namespace detail

// Checks that a component's declared settings schema can be used by convert(). The host refuses
// a plugin whose schema fails, so every message names the property and says what to change.
inline std::vector<Problem> check_schema(const json::Value& schema) {
  std::vector<Problem> problems;
  const auto add = [&](const std::string& key, const std::string& message) { problems.push_back({key, 0, message}); };
  if (!schema.is_object()) {
    add("", std::string("the settings schema must be a JSON object, got ") + json::type_name(schema.type()));
    return problems;
  }
  if (schema["type"] != json::Value("object"))
    add("", "the settings schema must have \"type\": \"object\" (got " + json::dump(schema["type"]) + ")");
  const json::Value& properties = schema["properties"];
  if (!properties.is_null() && !properties.is_object())
    add("", "\"properties\" must be a JSON object mapping setting names to schemas");

  // Checks one property schema (or an array's items schema); prefix names it in messages.
  const auto check_property = [&](const std::string& name, const std::string& prefix, const json::Value& property, bool is_items) {
    if (!property.is_object()) return add(name, prefix + "must be a JSON object (a schema), got " + json::type_name(property.type()));
    const json::Value& type = property["type"];
    if (!detail::is_known_type(type))
      return add(name, prefix + "\"type\" must be one of " + detail::known_types_text + " (got " + json::dump(type) + ")");
    const std::string& type_name = type.as_string();
    if (is_items && (type_name == "array" || type_name == "object"))
      return add(name, prefix + "array items must be string, integer, number or boolean (got \"" + type_name + "\")");
    for (const char* keyword : {"description", "format"})
      if (property.contains(keyword) && !property[keyword].is_string()) add(name, prefix + "\"" + keyword + "\" must be a string");
    for (const char* keyword : {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})
      if (property.contains(keyword) && !property[keyword].is_number()) add(name, prefix + "\"" + keyword + "\" must be a number");
    for (const char* keyword : {"minLength", "maxLength", "minItems", "maxItems"}) {
      if (!property.contains(keyword)) continue;
      const json::Value& limit = property[keyword];
      if (!limit.is_int() || limit.as_int() < 0) add(name, prefix + "\"" + keyword + "\" must be a non-negative integer");
    }
    if (property["minimum"].is_number() && property["maximum"].is_number() &&
        detail::compare_numbers(property["minimum"], property["maximum"]) > 0)
      add(name, prefix + "\"minimum\" " + json::dump(property["minimum"]) + " is greater than \"maximum\" " + json::dump(property["maximum"]));
    if (const json::Value* options = property.find("enum")) {
      if (!options->is_array() || options->size() == 0) {
        add(name, prefix + "\"enum\" must be a non-empty array");
      } else {
        for (const json::Value& option : options->as_array())
          if (!detail::has_type(option, type_name)) add(name, prefix + "enum value " + json::dump(option) + " is not of type " + type_name);
      }
    }
  };

  if (properties.is_object()) {
    for (const auto& [name, property] : properties.as_object()) {
      const std::string prefix = "property '" + name + "': ";
      const std::size_t before = problems.size();
      check_property(name, prefix, property, false);
      if (problems.size() != before) continue; // the default check below needs a sound property
      const std::string type = property["type"].as_string();
      const json::Value& items = property["items"];
      if (type == "array" && !items.is_null()) check_property(name, prefix + "items: ", items, true);
      if (problems.size() != before) continue;
      const json::Value* fallback = property.find("default");
      if (!fallback) continue;
      if (!detail::has_type(*fallback, type)) {
        add(name, prefix + "default " + json::dump(*fallback) + " is not of type " + type);
        continue;
      }
      std::string error = detail::check_constraints(property, *fallback, detail::show(*fallback));
      if (error.empty() && type == "array") {
        const std::string item_type = detail::type_of(items);
        for (const json::Value& item : fallback->as_array()) {
          if (!detail::has_type(item, item_type)) error = "item " + json::dump(item) + " is not of type " + item_type;
          else error = detail::check_constraints(items, item, detail::show(item));
          if (!error.empty()) break;
        }
      }
      if (!error.empty()) add(name, prefix + "default " + json::dump(*fallback) + " is invalid: " + error);
    }
  }

  if (const json::Value* required = schema.find("required")) {
    if (!required->is_array()) {
      add("", "\"required\" must be an array of setting names");
    } else {
      for (const json::Value& entry : required->as_array()) {
        if (!entry.is_string()) add("", "\"required\" entries must be strings (got " + json::dump(entry) + ")");
        else if (!properties.find(entry.as_string()))
          add(entry.as_string(), "\"required\" lists '" + entry.as_string() + "', which is not declared in \"properties\"");
      }
    }
  }
  const json::Value& additional = schema["additionalProperties"];
  if (!additional.is_null() && !additional.is_bool()) {
    if (!additional.is_object()) add("", "\"additionalProperties\" must be true, false or a schema object");
    else check_property("", "additionalProperties: ", additional, false);
  }
  return problems;
}

} // namespace agenthost::settings
