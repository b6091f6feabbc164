// The invariants every strategy keeps, checked on a result against its request — written
// independently of context_window.hpp (the code under test), from the contract's words.
#pragma once

#include "agenthost/json.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace strategy_test {

using agenthost::json::Value;

inline std::int64_t tokens_of(const Value& messages) {
  std::int64_t total = 0;
  for (const Value& m : messages.as_array()) total += m["tokens"].is_number() ? m["tokens"].as_int() : 0;
  return total;
}

inline bool is_new_summary(const Value& m) { return m["summary"] == Value(true) && m["id"].is_null(); }

// Every violation found, as text ("" when none). `input` and `output` are message arrays.
// `summary_allowed`: whether the strategy (or chain) may add one summary message.
inline std::vector<std::string> contract_violations(const Value& input, const Value& output, bool summary_allowed) {
  std::vector<std::string> problems;
  std::map<std::string, std::size_t> position; // input id -> index (ids are unique in the generator)
  const auto& in = input.as_array();
  for (std::size_t i = 0; i < in.size(); ++i)
    if (in[i]["id"].is_string()) position[in[i]["id"].as_string()] = i; // a summary from an earlier step has none

  // A subsequence of the input, plus at most one summary right after the leading system messages.
  std::size_t last = 0;
  bool any = false, seen_non_system = false;
  int summaries = 0;
  std::set<std::string> kept;
  for (const Value& m : output.as_array()) {
    if (is_new_summary(m)) {
      ++summaries;
      if (!summary_allowed) problems.push_back("a summary message from a strategy that does not summarize");
      if (seen_non_system) problems.push_back("the summary is not right after the system messages");
      if (m["role"] != Value("system")) problems.push_back("the summary's role is not system");
      continue;
    }
    if (m["role"] != Value("system")) seen_non_system = true;
    const auto found = position.find(m["id"].is_string() ? m["id"].as_string() : "");
    if (found == position.end()) {
      problems.push_back("output message " + agenthost::json::dump(m["id"]) + " is not in the input");
      continue;
    }
    if (any && found->second <= last) problems.push_back("output is not in input order at " + found->first);
    last = found->second;
    any = true;
    kept.insert(found->first);
  }
  if (summaries > 1) problems.push_back("more than one summary message");

  // Every system message, and the newest user message, kept.
  const Value* newest_user = nullptr;
  for (const Value& m : in) {
    if (m["role"] == Value("system") && m["id"].is_string() && !kept.count(m["id"].as_string()))
      problems.push_back("system message " + m["id"].as_string() + " was dropped");
    if (m["role"] == Value("user")) newest_user = &m;
  }
  if (newest_user && !kept.count((*newest_user)["id"].as_string()))
    problems.push_back("the newest user message " + (*newest_user)["id"].as_string() + " was dropped");

  // No orphans, as a provider checks them: each tool message answers a call made earlier in the
  // output and not answered yet; each call is answered; the first non-system message is no tool.
  std::map<std::string, int> open;
  bool first_non_system = true;
  for (const Value& m : output.as_array()) {
    const Value& role = m["role"];
    if (role == Value("system")) continue;
    if (first_non_system && role == Value("tool")) problems.push_back("the context starts with a tool message");
    first_non_system = false;
    if (role == Value("assistant") && m["tool_calls"].is_array()) {
      for (const auto& [id, count] : open)
        if (count > 0) problems.push_back("call " + id + " has no result before the next tool-calling message");
      open.clear();
      for (const Value& call : m["tool_calls"].as_array()) ++open[call["id"].is_string() ? call["id"].as_string() : ""];
    }
    if (role == Value("tool")) {
      const std::string id = m["tool_call_id"].is_string() ? m["tool_call_id"].as_string() : "";
      auto it = open.find(id);
      if (it == open.end() || it->second == 0) problems.push_back("tool message " + m["id"].as_string() + " is orphaned");
      else --it->second;
    }
  }
  for (const auto& [id, count] : open)
    if (count > 0) problems.push_back("call " + id + " has no result");
  return problems;
}

// The report agrees with the messages.
inline std::vector<std::string> report_violations(const Value& input, const Value& result) {
  std::vector<std::string> problems;
  const Value& report = result["report"];
  const std::int64_t n = static_cast<std::int64_t>(input.size());
  if (report["kept"].as_int() + report["dropped"].as_int() + report["summarized"].as_int() != n)
    problems.push_back("kept + dropped + summarized != " + std::to_string(n) + ": " + agenthost::json::dump(report));
  if (report["tokens_before"].as_int() != tokens_of(input)) problems.push_back("tokens_before is wrong");
  if (report["tokens_after"].as_int() != tokens_of(result["messages"])) problems.push_back("tokens_after is wrong");
  return problems;
}

} // namespace strategy_test
