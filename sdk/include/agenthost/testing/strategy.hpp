// agenthost SDK testing: what a context-filter strategy's tests keep writing — messages with ids
// and token counts, the request the host hands apply() (budget, estimator, stored state), the ids
// a result kept, and the checks on the descriptor and on refused settings.
//
//   using namespace agenthost::testing::strategy;
//   auto window = host.create("sliding_window", {{"max_messages", "3"}});
//   const Value out = window.apply(agenthost::json::dump(request({system_prompt("s"), user("u1")}))).result_json();
//   EXPECT_EQ(ids(out), (std::vector<std::string>{"s", "u1"}));
#pragma once

#include "agenthost/json.hpp"
#include "agenthost/testing.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <utility>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// A namespace of its own: message(), user(), result() here build JSON messages of a strategy
// request, not the ChatRequest messages of chat_helpers.hpp. It also names what a strategy test
// uses from the SDK, so one using-directive is enough.
namespace agenthost::testing::strategy {

using agenthost::json::Value;
using testing::CallResult;
using testing::FakeHost;
// INI-style instance settings, as FakeHost::create takes them.
using Settings = std::vector<std::pair<std::string, std::string>>;

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

// The message FakeHost::create refuses these settings with, or "(created)" when it accepts them.
inline std::string create_error(FakeHost& host, std::string_view type_name, const Settings& settings) {
  try {
    host.create(type_name, settings);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(created)";
}

// What the host requires of a strategy's descriptor: the strategy kind and a settings schema
// its checker accepts; with `thread_safe`, the flag that lets one instance serve turns at once.
inline void expect_strategy_descriptor(const FakeHost& host, std::string_view type_name, bool thread_safe) {
  const ah_component& c = host.component(type_name);
  EXPECT_EQ(c.kind, AH_KIND_STRATEGY) << type_name;
  if (thread_safe) {
    EXPECT_NE(c.flags & AH_COMPONENT_THREAD_SAFE, 0u) << type_name << " must be thread-safe";
  }
  EXPECT_TRUE(settings::check_schema(json::parse(c.settings_schema)).empty()) << type_name;
}

} // namespace agenthost::testing::strategy
