// One run of one turn job (see turn_runner.hpp for what a turn does). An object per run, so the
// state of a turn (its context, usage, events) never leaks into another.
#pragma once

#include "queue/job_handler.hpp"
#include "runtime/context_filter.hpp"
#include "runtime/context_messages.hpp"
#include "runtime/context_window.hpp"
#include "runtime/response_sink.hpp"
#include "runtime/tool_runner.hpp"
#include "runtime/turn_events.hpp"
#include "runtime/turn_runner.hpp"
#include "store/conversation_store.hpp"

#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace agenthost::runtime {

class TurnLoop {
public:
  TurnLoop(TurnDependencies& dependencies, const TurnSettings& settings, ToolSpecs& tool_specs,
           ContextWindows& context_windows, queue::JobContext& job);

  queue::JobOutcome run();

private:
  queue::JobOutcome run_loaded(TurnContext& context);
  // The agent's strategy chain with its budget and stored states, for this turn.
  ContextFilter context_filter(const TurnContext& context, const BackendPolicy& policy);
  // Runs the chain over the context for the next backend call; records and announces what it
  // did. nullopt: the turn ended (the outcome says how).
  std::variant<std::vector<ContextMessage>, queue::JobOutcome> filtered_context(const TurnContext& context);
  // turn.started, once, before anything else the turn appends.
  void ensure_started(const json::Value& context = json::Value());
  // One backend call and, when it asks for tools, one tool round. nullopt: go on looping.
  std::optional<queue::JobOutcome> iterate(TurnContext& context, plugins::Instance& backend,
                                           const std::vector<ToolSpec>& tools, DeltaCoalescer& deltas);
  void run_tools(TurnContext& context, store::MessageRecord& assistant);
  store::ToolCallRecord completed_call(store::ToolCallRecord call, const ToolOutcome& outcome) const;

  // What the turn did so far, the job's result whatever the ending (an operator looking at a
  // failed or cancelled turn needs it most): {"usage", "context", "cache"}.
  std::string result_json() const;
  // Endings. Each stores the partial reply (if any) as an incomplete message, ends the turn in
  // the conversation row, then appends the terminal event; each outcome carries result_json().
  queue::JobOutcome complete(const store::MessageRecord& reply);
  queue::JobOutcome interrupted(const std::string& partial_text);
  queue::JobOutcome fail(const std::string& error_type, const std::string& message, const std::string& partial_text);
  void keep_partial(const std::string& partial_text);

  store::MessageRecord store_message(store::NewMessage message);

  TurnDependencies& deps_;
  const TurnSettings& settings_;
  ToolSpecs& tool_specs_;
  ContextWindows& context_windows_;
  queue::JobContext& job_;
  std::string owner_id_;
  std::string conversation_id_;
  MessageTokens tokens_; // the agent's estimator, once the agent is loaded
  store::ConversationStore conversations_;
  TurnEvents events_;
  TurnUsage usage_;
  std::optional<ContextFilter> filter_;
  json::Value context_records_ = json::Value::array(); // one per backend call: the job result's "context"
  // The host cache use of every call the turn makes (backend, strategies, tools, and what they
  // call in turn): the job result's "cache".
  std::shared_ptr<plugins::CacheCounters> cache_counters_ = std::make_shared<plugins::CacheCounters>();
  bool started_ = false;
};

} // namespace agenthost::runtime
