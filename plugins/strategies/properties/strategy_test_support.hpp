// Builders for strategy requests in the strategy plugins' tests: messages with ids and token
// counts, requests with a budget and state, and the ids a result kept.
#pragma once

#include "agenthost/json.hpp"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace strategy_test {

using agenthost::json::Value;

inline Value message(const std::string& id, const std::string& role, std::int64_t tokens, const std::string& content = "") {
  return Value::object({{"id", id}, {"role", role}, {"content", content.empty() ? role + " " + id : content}, {"tokens", tokens}});
}
inline Value system_prompt(const std::string& id, std::int64_t tokens = 10) { return message(id, "system", tokens); }
inline Value user(const std::string& id, std::int64_t tokens = 10, const std::string& content = "") {
  return message(id, "user", tokens, content);
}
inline Value assistant(const std::string& id, std::int64_t tokens = 10, const std::string& content = "") {
  return message(id, "assistant", tokens, content);
}
// An assistant message calling tools with these call ids.
inline Value calls(const std::string& id, std::initializer_list<std::string> call_ids, std::int64_t tokens = 10) {
  Value m = message(id, "assistant", tokens, " ");
  Value list = Value::array();
  for (const std::string& call_id : call_ids)
    list.push_back(Value::object({{"id", call_id}, {"name", "lookup"}, {"arguments", "{\"q\":\"" + call_id + "\"}"}}));
  m.set("tool_calls", list);
  return m;
}
inline Value result(const std::string& id, const std::string& call_id, std::int64_t tokens = 10,
                    const std::string& content = "") {
  Value m = message(id, "tool", tokens, content);
  m.set("tool_call_id", call_id);
  m.set("name", "lookup");
  return m;
}

struct RequestOptions {
  std::optional<std::int64_t> context_window;
  std::optional<std::int64_t> max_output_tokens;
  Value state;
  double safety_margin = 0.0;
  std::string model = "test-model";
};

inline Value request(const std::vector<Value>& messages, const RequestOptions& o = {}) {
  Value list = Value::array();
  for (const Value& m : messages) list.push_back(m);
  return Value::object(
      {{"messages", list},
       {"budget", Value::object({{"context_window", o.context_window ? Value(*o.context_window) : Value()},
                                 {"max_output_tokens", o.max_output_tokens ? Value(*o.max_output_tokens) : Value()}})},
       {"model", o.model},
       {"backend", "main"},
       {"state", o.state},
       {"estimator", Value::object({{"char_ratio", 4.0}, {"message_overhead", 4}, {"safety_margin", o.safety_margin}})}});
}

// The ids of a result's messages, in order; a summary (id null) reads "<summary>".
inline std::vector<std::string> ids(const Value& result) {
  std::vector<std::string> out;
  for (const Value& m : result["messages"].as_array()) out.push_back(m["id"].is_string() ? m["id"].as_string() : "<summary>");
  return out;
}

} // namespace strategy_test
