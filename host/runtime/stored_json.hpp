// Tool arguments and results travel as JSON text; events and the store show them as JSON values.
#pragma once

#include <agenthost/json.hpp>

#include <string>
#include <string_view>

namespace agenthost::runtime {

// The text parsed, or the text as a JSON string when it is not JSON (a model's broken
// arguments, a tool's plain-text answer), so nothing is lost and nothing fails.
inline json::Value stored_json_value(std::string_view text) {
  try {
    return json::parse(text);
  } catch (const json::ParseError&) {
    return json::Value(text);
  }
}

// What to keep in tool_calls.result for a tool's result text: the text itself when it is JSON
// (numbers, objects), else the text as a JSON string.
inline std::string result_json_of(std::string_view text) { return json::dump(stored_json_value(text)); }

} // namespace agenthost::runtime
