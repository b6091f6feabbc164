// agenthost SDK: what every context-filter strategy needs, in one place — reading a strategy
// request, grouping messages that are kept or dropped together, picking the newest of them under
// a message or token limit, the token budget and the result JSON. The sliding_window,
// token_budget and summarization plugins are built on it; a third-party strategy can be too.
//
// The invariants these helpers keep (the host relies on them; see ah_strategy_api):
//  - system messages are always kept, in their order;
//  - the newest user message is always kept;
//  - the output is a subsequence of the input (a summary message may be added after the system
//    messages);
//  - a "group" — an assistant message with tool_calls plus the tool results answering it — is
//    kept or dropped as one, so a tool result is never orphaned from its call and a call never
//    reaches the model without its results. Tool results with no call before them, and calls
//    missing a result, can never be sent and are always dropped.
#pragma once

#include "agenthost/json.hpp"
#include "agenthost/sdk_types.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace agenthost::context_window {

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

enum class Role { system, user, assistant, tool };

// One request message, by reference into the request JSON (copied to the output only if kept).
struct Message {
  const json::Value* json = nullptr;
  Role role = Role::user;
  std::int64_t tokens = 0;
  std::string_view id; // empty for messages the host did not store
};

// Messages kept or dropped as one: a single user/assistant message, or a tool-call group.
struct Unit {
  std::size_t first = 0;      // index of its first message
  std::size_t last = 0;       // index of its last message
  std::size_t begin = 0;      // its member indices are members[begin, begin + count)
  std::size_t count = 0;
  std::int64_t tokens = 0;
};

// How the host estimates tokens (the request's "estimator").
struct Estimator {
  double char_ratio = 4.0;
  std::int64_t message_overhead = 4;
  double safety_margin = 0.1;
};

// A strategy request, read once: the messages, their units and what must always be kept.
struct Conversation {
  std::vector<Message> messages;
  std::vector<Unit> units;          // every keepable non-system unit, ordered by first index
  std::vector<std::size_t> members; // units' member indices, ascending within each unit
  std::vector<std::size_t> unit_of; // message index -> unit index (npos: system or unsendable)
  std::size_t newest_user = npos;   // index of the newest user message
  std::size_t unsendable = 0;       // orphaned tool results and calls missing a result
  std::int64_t system_tokens = 0;
  std::int64_t total_tokens = 0;
  Estimator estimator;
  std::string model;

  bool is_system(std::size_t i) const { return messages[i].role == Role::system; }
};

inline const std::string& string_or_empty(const json::Value& value) {
  static const std::string empty;
  return value.is_string() ? value.as_string() : empty; // no copy of the text either way
}

inline Role parse_role(const json::Value& message, std::size_t index) {
  const std::string& role = string_or_empty(message["role"]);
  if (role == "system") return Role::system;
  if (role == "user") return Role::user;
  if (role == "assistant") return Role::assistant;
  if (role == "tool") return Role::tool;
  throw CallError::invalid_argument("message " + std::to_string(index) + " has role " + json::dump(message["role"]) +
                                    "; expected system, user, assistant or tool");
}

// Reads the request. A message without "tokens" is estimated here (host service + overhead).
inline Conversation read_conversation(const json::Value& request, const HostServices& host) {
  const json::Value* messages = request.find("messages");
  if (!messages || !messages->is_array())
    throw CallError::invalid_argument("the strategy request needs a \"messages\" array");
  Conversation c;
  c.model = request["model"].is_string() ? request["model"].as_string() : std::string();
  const json::Value& estimator = request["estimator"];
  c.estimator.char_ratio = estimator["char_ratio"].is_number() ? estimator["char_ratio"].as_double() : 4.0;
  c.estimator.message_overhead = estimator["message_overhead"].is_number() ? estimator["message_overhead"].as_int() : 4;
  c.estimator.safety_margin = estimator["safety_margin"].is_number() ? estimator["safety_margin"].as_double() : 0.1;
  if (!(c.estimator.char_ratio > 0)) c.estimator.char_ratio = 4.0;

  const auto& items = messages->as_array();
  const std::size_t n = items.size();
  c.messages.resize(n);
  c.unit_of.assign(n, npos);
  std::vector<std::size_t> unit_members_count; // per provisional unit
  std::vector<std::size_t> pending_results;    // per provisional unit: tool results still missing
  std::unordered_map<std::string_view, std::size_t> open_calls; // tool_call_id -> provisional unit
  for (std::size_t i = 0; i < n; ++i) {
    const json::Value& m = items[i];
    if (!m.is_object()) throw CallError::invalid_argument("message " + std::to_string(i) + " is not a JSON object");
    Message& msg = c.messages[i];
    msg.json = &m;
    msg.role = parse_role(m, i);
    if (const json::Value* id = m.find("id"); id && id->is_string()) msg.id = id->as_string();
    if (const json::Value* tokens = m.find("tokens"); tokens && tokens->is_number()) {
      msg.tokens = std::max<std::int64_t>(0, tokens->as_int());
    } else {
      msg.tokens = host.estimate_tokens(string_or_empty(m["content"]), c.model) + c.estimator.message_overhead;
    }
    c.total_tokens += msg.tokens;
    if (msg.role == Role::system) {
      c.system_tokens += msg.tokens;
      continue;
    }
    if (msg.role == Role::user) c.newest_user = i;
    if (msg.role == Role::tool) {
      // A result joins the open call it answers; with no such call it can never be sent.
      const json::Value& call_id = m["tool_call_id"];
      auto open = call_id.is_string() ? open_calls.find(call_id.as_string()) : open_calls.end();
      if (open == open_calls.end()) continue;
      c.unit_of[i] = open->second;
      ++unit_members_count[open->second];
      --pending_results[open->second];
      open_calls.erase(open);
      continue;
    }
    const std::size_t unit = unit_members_count.size();
    c.unit_of[i] = unit;
    unit_members_count.push_back(1);
    pending_results.push_back(0);
    const json::Value& calls = m["tool_calls"];
    if (msg.role == Role::assistant && calls.is_array()) {
      for (const json::Value& call : calls.as_array()) {
        const json::Value& call_id = call["id"];
        // A call without an id can never be answered: the group stays incomplete.
        ++pending_results[unit];
        if (call_id.is_string()) open_calls[call_id.as_string()] = unit;
      }
    }
  }
  // Units still missing a result are unsendable; renumber the rest densely, in order.
  std::vector<std::size_t> final_index(unit_members_count.size(), npos);
  std::vector<std::size_t> offset;
  std::size_t total_members = 0;
  for (std::size_t u = 0; u < unit_members_count.size(); ++u) {
    if (pending_results[u] != 0) continue;
    final_index[u] = c.units.size();
    Unit unit;
    unit.begin = total_members;
    unit.count = unit_members_count[u];
    total_members += unit.count;
    c.units.push_back(unit);
  }
  c.members.resize(total_members);
  std::vector<std::size_t> filled(c.units.size(), 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (c.unit_of[i] == npos) {
      if (!c.is_system(i)) ++c.unsendable;
      continue;
    }
    const std::size_t u = final_index[c.unit_of[i]];
    c.unit_of[i] = u;
    if (u == npos) {
      ++c.unsendable;
      continue;
    }
    Unit& unit = c.units[u];
    if (filled[u] == 0) unit.first = i;
    unit.last = i;
    unit.tokens += c.messages[i].tokens;
    c.members[unit.begin + filled[u]++] = i;
  }
  return c;
}

// The token budget: max_tokens - reserve_output, less the safety margin for estimate errors.
struct Budget {
  std::int64_t max_tokens = 0;
  std::int64_t reserve_output = 0;
  double safety_margin = 0;
  std::int64_t available = 0;

  // "max_tokens 8192 - reserve_output 4096, less a 10% safety margin"
  std::string explain() const {
    std::string text = "max_tokens " + std::to_string(max_tokens) + " - reserve_output " + std::to_string(reserve_output);
    if (safety_margin > 0) {
      // Whole percents print as "10", others with one decimal: "12.5".
      const long tenths = std::lround(safety_margin * 1000);
      text += ", less a " + std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") +
              "% safety margin";
    }
    return text;
  }
};

// Resolves the budget from an instance's settings (max_tokens, reserve_output, safety_margin)
// and the request's "budget" and "estimator". The rules (documented in token_budget's README):
//  - max_tokens: the setting, else the backend's context window for the model;
//  - reserve_output: the setting, else the smaller of (the agent's max_tokens, or 1024) and a
//    quarter of max_tokens;
//  - safety_margin: the setting, else the host's; available = (max - reserve) / (1 + margin).
inline Budget resolve_budget(const json::Value& settings, const json::Value& request, std::string_view instance_kind) {
  const json::Value& budget = request["budget"];
  Budget b;
  if (settings["max_tokens"].is_number()) b.max_tokens = settings["max_tokens"].as_int();
  else if (budget["context_window"].is_number()) b.max_tokens = budget["context_window"].as_int();
  else // not a context overflow but a configuration gap: the host reports it as strategy_failed
    throw CallError::not_found(
        std::string(instance_kind) + ": the context window of model " + json::dump(request["model"]) + " on backend " +
        json::dump(request["backend"]) + " is unknown; set max_tokens in the strategy's section (or context_window in " +
        "the backend's section)");
  if (settings["reserve_output"].is_number()) {
    b.reserve_output = settings["reserve_output"].as_int();
  } else {
    const std::int64_t wanted = budget["max_output_tokens"].is_number() ? budget["max_output_tokens"].as_int() : 1024;
    b.reserve_output = std::min(wanted, b.max_tokens / 4);
  }
  if (b.reserve_output >= b.max_tokens)
    throw CallError::invalid_argument(std::string(instance_kind) + ": reserve_output " + std::to_string(b.reserve_output) +
                                      " leaves no room for input in max_tokens " + std::to_string(b.max_tokens) +
                                      "; lower reserve_output or raise max_tokens");
  const json::Value& estimator = request["estimator"];
  b.safety_margin = settings["safety_margin"].is_number()    ? settings["safety_margin"].as_double()
                    : estimator["safety_margin"].is_number() ? estimator["safety_margin"].as_double()
                                                             : 0.1;
  b.safety_margin = std::clamp(b.safety_margin, 0.0, 0.5);
  b.available = static_cast<std::int64_t>(std::floor(static_cast<double>(b.max_tokens - b.reserve_output) /
                                                     (1.0 + b.safety_margin)));
  return b;
}

// Which messages to keep: one flag per request message.
using Selection = std::vector<char>;

// Limits for keep_newest(). Messages counted are non-system ones.
struct Limits {
  std::size_t max_messages = std::numeric_limits<std::size_t>::max();
  std::int64_t max_tokens = std::numeric_limits<std::int64_t>::max();
  // Also keep every unit after the newest user message whatever the limits (the turn in
  // progress: without its tool results the model would call the same tools again).
  bool keep_turn_in_progress = false;
};

struct Kept {
  std::size_t messages = 0;
  std::int64_t tokens = 0;
  std::size_t oldest_first = npos; // first index of the oldest unit the walk kept (npos: none)
  std::size_t turn_messages_dropped = 0; // messages after the newest user message left out
};

// Keeps the newest user message, then walks units from newest to oldest (those whose first
// index is >= `from`), keeping each while the totals stay within `limits` and stopping at the
// first that does not fit: drops are always the oldest, never holes in older history.
inline Kept keep_newest(const Conversation& c, std::size_t from, const Limits& limits, Selection& keep) {
  Kept kept;
  const std::size_t user_unit = c.newest_user == npos ? npos : c.unit_of[c.newest_user];
  auto take = [&](const Unit& unit) {
    for (std::size_t k = 0; k < unit.count; ++k) keep[c.members[unit.begin + k]] = 1;
    kept.messages += unit.count;
    kept.tokens += unit.tokens;
  };
  if (user_unit != npos) take(c.units[user_unit]);
  std::size_t u = c.units.size();
  if (limits.keep_turn_in_progress) {
    for (; u > 0 && c.units[u - 1].first > c.newest_user; --u) take(c.units[u - 1]);
  }
  for (; u > 0; --u) {
    const Unit& unit = c.units[u - 1];
    if (u - 1 == user_unit) continue;
    if (unit.first < from) break;
    if (kept.messages + unit.count > limits.max_messages || kept.tokens + unit.tokens > limits.max_tokens) break;
    take(unit);
    kept.oldest_first = unit.first;
  }
  // What the stop left out of the turn in progress (units after the newest user message).
  if (c.newest_user != npos) {
    for (; u > 0 && c.units[u - 1].first > c.newest_user; --u) kept.turn_messages_dropped += c.units[u - 1].count;
  }
  return kept;
}

inline void keep_systems(const Conversation& c, Selection& keep) {
  for (std::size_t i = 0; i < c.messages.size(); ++i)
    if (c.is_system(i)) keep[i] = 1;
}

// The token_budget rule over messages from `from` on: system messages, `extra_tokens` (a summary)
// and the newest user message must fit; then the newest units that fit. Throws
// AH_ERR_INVALID_ARGUMENT naming the sizes when the mandatory part does not fit.
inline Kept fit_budget(const Conversation& c, const Budget& budget, std::size_t from, std::int64_t extra_tokens,
                       Selection& keep) {
  const std::int64_t user_tokens = c.newest_user == npos ? 0 : c.messages[c.newest_user].tokens;
  const std::int64_t mandatory = c.system_tokens + extra_tokens + user_tokens;
  if (mandatory > budget.available) {
    std::string parts;
    if (c.system_tokens > 0) parts += std::to_string(c.system_tokens) + " in system prompts";
    if (extra_tokens > 0) parts += std::string(parts.empty() ? "" : ", ") + std::to_string(extra_tokens) + " in the summary";
    throw CallError::invalid_argument(
        "the newest message needs " + std::to_string(mandatory) + " tokens" + (parts.empty() ? "" : " (" + parts + ")") +
        " but the budget is " + std::to_string(budget.available) + " (" + budget.explain() +
        "); shorten it or raise max_tokens");
  }
  keep_systems(c, keep);
  Limits limits;
  limits.max_tokens = budget.available - c.system_tokens - extra_tokens;
  Kept kept = keep_newest(c, from, limits, keep);
  kept.tokens += c.system_tokens;
  return kept;
}

// "dropped 3 messages of the turn in progress ..." when a stop left such messages out, else "".
inline std::string turn_in_progress_warning(const Kept& kept) {
  if (kept.turn_messages_dropped == 0) return {};
  return "dropped " + std::to_string(kept.turn_messages_dropped) +
         " messages of the turn in progress (tool calls and results after the newest user message) to fit; the model "
         "may repeat those tool calls";
}

// What a strategy did, as the result's "report".
struct Report {
  std::string strategy;
  std::size_t kept = 0, dropped = 0, summarized = 0;
  std::int64_t tokens_before = 0, tokens_after = 0;
  std::vector<std::string> warnings;
};

// Builds the result: the kept messages in order, `summary` (if not null) right after the
// system messages that precede every other message, the report (kept/dropped counted here) and
// the state (omitted when null, which keeps the stored state).
inline json::Value make_result(const Conversation& c, const Selection& keep, const json::Value& summary, Report report,
                               const json::Value& state = json::Value()) {
  json::Value::Array out;
  out.reserve(c.messages.size() + 1);
  std::int64_t tokens = 0;
  bool summary_placed = summary.is_null();
  for (std::size_t i = 0; i < c.messages.size(); ++i) {
    if (!summary_placed && !c.is_system(i)) {
      out.push_back(summary);
      tokens += summary["tokens"].is_number() ? summary["tokens"].as_int() : 0;
      summary_placed = true;
    }
    if (!keep[i]) continue;
    out.push_back(*c.messages[i].json);
    tokens += c.messages[i].tokens;
    ++report.kept;
  }
  if (!summary_placed) {
    out.push_back(summary);
    tokens += summary["tokens"].is_number() ? summary["tokens"].as_int() : 0;
  }
  report.dropped = c.messages.size() - report.kept - report.summarized;
  json::Value warnings = json::Value::array();
  for (std::string& w : report.warnings) warnings.push_back(std::move(w));
  json::Value report_json = json::Value::object({{"strategy", report.strategy},
                                                 {"kept", report.kept},
                                                 {"dropped", report.dropped},
                                                 {"summarized", report.summarized},
                                                 {"tokens_before", c.total_tokens},
                                                 {"tokens_after", tokens}});
  if (warnings.size() > 0) report_json.set("warnings", std::move(warnings));
  json::Value result = json::Value::object({{"messages", json::Value(std::move(out))}, {"report", std::move(report_json)}});
  if (!state.is_null()) result.set("state", state);
  return result;
}

// "dropped 2 tool results without their call" when the input had unsendable messages, else "".
inline std::string unsendable_warning(const Conversation& c) {
  if (c.unsendable == 0) return {};
  return "dropped " + std::to_string(c.unsendable) +
         " tool messages that cannot be sent (a tool result without its call, or a call missing a result)";
}

} // namespace agenthost::context_window
