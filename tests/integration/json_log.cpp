#include "json_log.hpp"

#include <sstream>

namespace agenthost::integration {

std::vector<json::Value> JsonLog::with_message(const std::string& message) const {
  std::vector<json::Value> out;
  for (const json::Value& record : records) {
    const json::Value& msg = record["msg"];
    if (msg.is_string() && msg.as_string() == message) out.push_back(record);
  }
  return out;
}

JsonLog parse_json_log(const std::string& text) {
  JsonLog log;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    try {
      json::Value value = json::parse(line);
      if (value.is_object()) {
        log.records.push_back(std::move(value));
        continue;
      }
    } catch (const json::ParseError&) {
      // not JSON: kept in other_lines for the test to judge
    }
    log.other_lines.push_back(line);
  }
  return log;
}

} // namespace agenthost::integration
