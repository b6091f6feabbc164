// The host's log: one JSON object per line on stderr. Parsed so tests can assert on fields
// rather than on substrings of text.
#pragma once

#include "agenthost/json.hpp"

#include <string>
#include <vector>

namespace agenthost::integration {

struct JsonLog {
  std::vector<json::Value> records;     // each line that is a JSON object
  std::vector<std::string> other_lines; // every other non-empty line

  // Records whose "msg" equals `message`.
  std::vector<json::Value> with_message(const std::string& message) const;
};

JsonLog parse_json_log(const std::string& text);

// A string value as itself, anything else as JSON text ("null" when absent): what assertions
// compare and print.
inline std::string text_of(const json::Value& value) {
  return value.is_string() ? value.as_string() : json::dump(value);
}

} // namespace agenthost::integration
