// The agent's strategy chain ("summarize, budget"): before each backend call of a turn, the
// context goes through each strategy instance in order (apply(), see plugin.h
// ah_strategy_api), each getting the previous one's output, the budget, and the state it
// returned last time for this conversation. What each did is recorded (turn.started, the job
// result) and its warnings surface as turn.warning events.
#pragma once

#include "plugins/cache_counters.hpp"
#include "plugins/instance.hpp"
#include "runtime/context_messages.hpp"

#include <agenthost/json.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agenthost::runtime {

inline constexpr const char* kErrorContextOverflow = "context_overflow"; // a strategy says it cannot fit
inline constexpr const char* kErrorStrategyFailed = "strategy_failed";   // any other strategy failure
inline constexpr const char* kContextCancelled = "cancelled";            // the turn was cancelled meanwhile

// "a, b" -> {"a", "b"}; blanks trimmed, empty names left out.
std::vector<std::string> strategy_chain_of(std::string_view strategy);
// Every comma-separated name, trimmed, empty ones kept ("a,,b" -> {"a", "", "b"}; "" -> {""}),
// so the HTTP API can reject a chain with a gap (http::strategy_chain) where the turn skips it.
std::vector<std::string> strategy_names_of(std::string_view strategy);

// What every apply() of one turn shares.
struct ContextRequest {
  std::string model;
  std::string backend;
  std::optional<std::int64_t> context_window;    // the backend's for this model; nullopt: unknown
  std::optional<std::int64_t> max_output_tokens; // the agent's params.max_tokens
  double char_ratio = 4.0;
  double safety_margin = 0.1;
  std::string owner_id; // the strategies' calls (a summarizer's completion) run for the turn's owner
  std::shared_ptr<plugins::CacheCounters> cache_counters; // where their cache use is counted (the turn's)
};

struct ContextOutcome {
  std::vector<ContextMessage> messages;
  // {"messages_before","messages_after","tokens_before","tokens_after","kept","dropped",
  //  "summarized","strategies":[report, ...]}
  json::Value record;
  std::vector<std::string> warnings;
  // (instance, state JSON) the strategies returned this time, to be stored.
  std::vector<std::pair<std::string, std::string>> new_states;
  std::string error_type; // empty on success; kErrorContextOverflow, kErrorStrategyFailed, kContextCancelled
  std::string error;

  bool ok() const { return error_type.empty(); }
};

class ContextFilter {
public:
  // `states`: each instance's stored state for the conversation (JSON text).
  ContextFilter(const plugins::InstanceDirectory& instances, std::vector<std::string> chain, ContextRequest request,
                std::map<std::string, std::string, std::less<>> states);

  // Runs the chain over `messages`. A state a strategy returns is used by its next apply() in
  // this turn too. Cancelling `cancel_flag` stops a running strategy.
  ContextOutcome apply(std::vector<ContextMessage> messages, const std::atomic<bool>& cancel_flag);

private:
  // One strategy: true when it ran (messages replaced, its report added to `reports`); false
  // with the error set in `outcome`.
  bool apply_one(const std::string& name, std::vector<ContextMessage>& messages, json::Value& reports,
                 ContextOutcome& outcome, const std::atomic<bool>& cancel_flag);
  json::Value request_json(const std::string& name, const std::vector<ContextMessage>& messages) const;

  const plugins::InstanceDirectory& instances_;
  std::vector<std::string> chain_;
  ContextRequest request_;
  std::map<std::string, std::string, std::less<>> states_;
};

} // namespace agenthost::runtime
