#include "runtime/turn_loop.hpp"

#include "common/error.hpp"
#include "runtime/backend_caller.hpp"
#include "runtime/stored_json.hpp"
#include "store/strategy_state_store.hpp"
#include "store/ids.hpp"
#include "store/timestamps.hpp"

#include <algorithm>
#include <set>

namespace agenthost::runtime {
namespace {

std::string duration_text(std::chrono::milliseconds duration) {
  if (duration.count() % 1000 == 0) return std::to_string(duration.count() / 1000) + " s";
  return std::to_string(duration.count()) + " ms";
}

std::string conversation_of_payload(const queue::JobRecord& job) {
  try {
    return json::parse(job.payload_json).get_or("conversation_id", "");
  } catch (const json::ParseError&) {
    return "";
  }
}

// The fault layer's hooks for one turn: a fallback and a dropped capability become events of
// the turn, so a watcher knows which backend served and why tools were not offered.
BackendCallHooks turn_hooks(events::EventLog& log, TurnEvents& events, const std::string& conversation_id,
                            const std::string& job_id) {
  BackendCallHooks hooks;
  hooks.on_fallback = [&log, conversation_id, job_id](const std::string& from, const std::string& to,
                                                      const std::string& reason) {
    log.append(conversation_id, job_id, "turn.fallback",
               json::dump(json::Value::object({{"from", from}, {"to", to}, {"reason", reason}})));
  };
  hooks.on_warning = [&events](const std::string& message) { events.warning(message); };
  return hooks;
}


} // namespace

TurnLoop::TurnLoop(TurnDependencies& dependencies, const TurnSettings& settings, ToolSpecs& tool_specs,
                   ContextWindows& context_windows, queue::JobContext& job)
    : deps_(dependencies), settings_(settings), tool_specs_(tool_specs), context_windows_(context_windows), job_(job),
      owner_id_(job.job().owner_id.value_or("")), conversation_id_(conversation_of_payload(job.job())),
      // Every message the turn stores gets its estimate once, with the agent's ratio.
      conversations_(dependencies.database,
                     [this](const store::NewMessage& message) { return tokens_.stored_estimate(message); }),
      events_(dependencies.events, conversation_id_, job.job().id) {}

queue::JobOutcome TurnLoop::run() {
  if (owner_id_.empty() || conversation_id_.empty()) {
    return queue::JobOutcome::failed("invalid_payload", "a turn job needs an owner and a payload "
                                                        "{\"conversation_id\": ...}; got " + job_.job().payload_json);
  }
  std::optional<TurnContext> context = load_turn_context(deps_.database, owner_id_, conversation_id_);
  if (!context) {
    // Deleted while the turn waited: nothing to answer, and no log to write to.
    return queue::JobOutcome::failed("not_found", "conversation " + conversation_id_ + " no longer exists");
  }
  if (context->transcript.conversation.active_job_id != job_.job().id) {
    return queue::JobOutcome::failed("stale", "conversation " + conversation_id_ +
                                                  " is not running this turn any more (it was ended elsewhere)");
  }
  try {
    return run_loaded(*context);
  } catch (const std::exception& error) {
    deps_.logger->error("turn failed", {{"job", job_.job().id}, {"conversation", conversation_id_},
                                        {"error", error.what()}});
    try {
      return fail("internal", std::string("the host failed while running the turn: ") + error.what(), "");
    } catch (const std::exception&) {
      // The store is unreachable: the job fails and recovery ends the turn later.
      return queue::JobOutcome::failed("internal", error.what(), result_json());
    }
  }
}

queue::JobOutcome TurnLoop::run_loaded(TurnContext& context) {
  if (job_.cancelled()) return interrupted("");
  const store::AgentFields& agent = context.agent.fields;
  plugins::Instance* backend = deps_.instances.find(plugins::ComponentKind::backend, agent.backend);
  if (backend == nullptr) {
    return fail("backend_unavailable", "the agent's backend '" + agent.backend +
                                           "' is not configured on this host; add a [backend." + agent.backend +
                                           "] section or change the agent's backend", "");
  }
  std::vector<ToolSpec> tools;
  try {
    tools = tool_specs_.for_tools(agent.tools);
  } catch (const Error& error) {
    return fail("tool_unavailable", error.what(), "");
  }
  const BackendPolicy policy = deps_.backend_policies ? deps_.backend_policies(agent.backend) : BackendPolicy{};
  tokens_ = MessageTokens(policy, agent.model);
  filter_.emplace(context_filter(context, policy));
  DeltaCoalescer deltas(settings_.coalesce, [this](const std::string& text) { events_.delta(text); });
  for (int iteration = 0; iteration < settings_.max_iterations; ++iteration) {
    if (std::optional<queue::JobOutcome> outcome = iterate(context, *backend, tools, deltas)) return *outcome;
  }
  return fail("max_iterations",
              "the model was still calling tools after " + std::to_string(settings_.max_iterations) +
                  " backend calls ([runtime] max_iterations); every tool call so far has its result in the "
                  "transcript; send another message to continue, or raise the limit",
              "");
}

ContextFilter TurnLoop::context_filter(const TurnContext& context, const BackendPolicy& policy) {
  const store::AgentFields& agent = context.agent.fields;
  std::vector<std::string> chain = strategy_chain_of(agent.strategy.value_or(""));
  ContextRequest request;
  request.model = agent.model;
  request.backend = agent.backend;
  request.char_ratio = tokens_.char_ratio();
  request.safety_margin = policy.safety_margin;
  request.owner_id = owner_id_;
  request.cache_counters = cache_counters_;
  std::map<std::string, std::string, std::less<>> states;
  if (!chain.empty()) { // without strategies, no describe() and no state to read
    request.context_window = context_windows_.resolve(agent.backend, agent.model, policy);
    try {
      const json::Value params = json::parse(agent.params_json);
      if (const json::Value* max_tokens = params.find("max_tokens"); max_tokens && max_tokens->is_int()) {
        request.max_output_tokens = max_tokens->as_int();
      }
    } catch (const json::ParseError&) {
      // validated when stored; an unreadable params leaves the output budget unknown
    }
    states = store::StrategyStateStore(deps_.database).load(conversation_id_);
  }
  return ContextFilter(deps_.instances, std::move(chain), std::move(request), std::move(states));
}

std::variant<std::vector<ContextMessage>, queue::JobOutcome> TurnLoop::filtered_context(const TurnContext& context) {
  ContextOutcome filtered = filter_->apply(context_messages(context, tokens_), job_.cancel_flag());
  // Saved whatever happens next: a summary made is not made again.
  store::StrategyStateStore states(deps_.database);
  for (const auto& [instance, state] : filtered.new_states) states.save(conversation_id_, instance, state);
  if (filtered.error_type == kContextCancelled || job_.cancelled()) return interrupted("");
  if (!filtered.ok()) return fail(filtered.error_type, filtered.error, "");
  context_records_.push_back(filtered.record);
  ensure_started(filtered.record);
  for (const std::string& warning : filtered.warnings) events_.warning(warning);
  return std::move(filtered.messages);
}

void TurnLoop::ensure_started(const json::Value& context) {
  if (started_) return;
  started_ = true;
  events_.started(context);
}

std::optional<queue::JobOutcome> TurnLoop::iterate(TurnContext& context, plugins::Instance& backend,
                                                   const std::vector<ToolSpec>& tools, DeltaCoalescer& deltas) {
  auto filtered = filtered_context(context);
  if (auto* ended = std::get_if<queue::JobOutcome>(&filtered)) return std::move(*ended);
  const ChatRequest request = chat_request_of(context.agent, std::get<std::vector<ContextMessage>>(filtered), tools);
  ResponseSink sink(deltas);
  sink.watch(job_.cancel_flag()); // the backend sees the cancel and closes its upstream stream
  sink.set_cache_counters(cache_counters_); // its retries and fallbacks follow this sink
  // Retries, deadlines, fallback and capability checks live in the fault layer.
  InstanceChatBackends backends(deps_.instances);
  const auto policy_of_backend = [this](const std::string& name) {
    return deps_.backend_policies ? deps_.backend_policies(name) : BackendPolicy{};
  };
  BackendCaller caller([&backends](const std::string& name) { return backends.find(name); }, policy_of_backend,
                       turn_hooks(deps_.events, events_, conversation_id_, job_.job().id));
  const BackendCallResult result = caller.chat(backends.of(backend), sink, request);
  deltas.flush(); // every delta is in the log before the message that holds them
  const BackendReply reply = sink.reply();
  usage_.input_tokens += reply.input_tokens;
  usage_.output_tokens += reply.output_tokens;

  if (job_.cancelled()) return interrupted(reply.text);
  // A partial reply is kept as an incomplete message (fail → keep_partial).
  if (result.status != AH_OK) return fail(result.error_type, result.error, reply.text);

  store::NewMessage assistant;
  assistant.role = "assistant";
  assistant.content = reply.text;
  assistant.token_estimate = reply.output_tokens > 0 ? std::optional<std::int64_t>(reply.output_tokens) : std::nullopt;
  if (reply.tool_calls.empty()) return complete(store_message(std::move(assistant)));

  for (const RequestedToolCall& requested : reply.tool_calls) {
    store::ToolCallRecord call;
    call.id = store::new_id("tc_");
    call.name = requested.name;
    call.arguments_json = requested.arguments.empty() ? "{}" : requested.arguments;
    assistant.tool_calls.push_back(std::move(call));
  }
  store::MessageRecord stored = store_message(std::move(assistant));
  events_.message_completed(deps_.render_message(stored));
  context.transcript.messages.push_back(stored);
  run_tools(context, stored);
  if (job_.cancelled()) return interrupted("");
  return std::nullopt;
}

void TurnLoop::run_tools(TurnContext& context, store::MessageRecord& assistant) {
  const std::set<std::string> allowed(context.agent.fields.tools.begin(), context.agent.fields.tools.end());
  std::vector<ToolInvocation> invocations;
  for (const store::ToolCallRecord& call : assistant.tool_calls) {
    events_.tool_call_started(call);
    ToolInvocation invocation{call.name, call.arguments_json, allowed.count(call.name) > 0};
    invocation.owner_id = owner_id_; // the tool acts for the turn's owner (e.g. document_search)
    invocation.cache_counters = cache_counters_;
    invocations.push_back(std::move(invocation));
  }
  const ToolRunner runner(deps_.instances, settings_.tool_timeout);
  runner.run(invocations, job_.cancel_flag(), [&](std::size_t index, const ToolOutcome& outcome) {
    store::ToolCallRecord& call = assistant.tool_calls[index];
    call = completed_call(call, outcome);
    store::NewMessage reply;
    reply.role = "tool";
    reply.tool_call_id = call.id;
    reply.content = call.status == "succeeded" ? outcome.text : "error: " + call.error.value_or("");
    context.transcript.messages.push_back(conversations_.complete_tool_call(owner_id_, conversation_id_, call, reply));
    events_.tool_call_completed(call);
  });
  // The transcript's copy of the assistant message gets the results too.
  for (store::MessageRecord& message : context.transcript.messages) {
    if (message.id == assistant.id) message.tool_calls = assistant.tool_calls;
  }
}

store::ToolCallRecord TurnLoop::completed_call(store::ToolCallRecord call, const ToolOutcome& outcome) const {
  call.completed_at = store::now_ms();
  switch (outcome.kind) {
  case ToolOutcome::Kind::succeeded:
    call.status = "succeeded";
    call.result_json = result_json_of(outcome.text);
    break;
  case ToolOutcome::Kind::failed:
    call.status = "failed";
    call.error = outcome.text;
    break;
  case ToolOutcome::Kind::timed_out:
    call.status = "failed";
    call.error = "tool '" + call.name + "' did not finish within " + duration_text(settings_.tool_timeout) +
                 " ([runtime] tool_timeout_seconds) and was stopped; try simpler arguments or another approach";
    break;
  case ToolOutcome::Kind::cancelled:
    call.status = "failed";
    call.error = "cancelled: the turn was cancelled before this tool call finished";
    break;
  }
  return call;
}

store::MessageRecord TurnLoop::store_message(store::NewMessage message) {
  return conversations_.append_message(owner_id_, conversation_id_, message);
}

void TurnLoop::keep_partial(const std::string& partial_text) {
  if (partial_text.empty()) return;
  store::NewMessage partial;
  partial.role = "assistant";
  partial.content = partial_text;
  partial.status = "incomplete";
  events_.message_completed(deps_.render_message(store_message(std::move(partial))));
}

std::string TurnLoop::result_json() const {
  return json::dump(json::Value::object(
      {{"usage", usage_.to_json()}, {"context", context_records_}, {"cache", cache_counters_->to_json()}}));
}

queue::JobOutcome TurnLoop::complete(const store::MessageRecord& reply) {
  events_.message_completed(deps_.render_message(reply));
  conversations_.finish_turn(conversation_id_, job_.job().id, "idle", usage_.total());
  events_.completed(usage_);
  return queue::JobOutcome::succeeded(result_json());
}

queue::JobOutcome TurnLoop::interrupted(const std::string& partial_text) {
  switch (job_.cancel_reason()) {
  case queue::CancelReason::timeout:
    return fail("timeout", "the turn ran past its job timeout of " + std::to_string(job_.job().timeout_seconds) +
                               " s ([pool.NAME] timeout) and was stopped",
                partial_text);
  case queue::CancelReason::shutdown:
    return fail("shutdown", "the host shut down before the turn finished; send the message again", partial_text);
  default: break;
  }
  ensure_started();
  keep_partial(partial_text);
  conversations_.fail_pending_tool_calls(owner_id_, conversation_id_,
                                         "cancelled: the turn was cancelled before this tool call finished");
  conversations_.finish_turn(conversation_id_, job_.job().id, "idle", usage_.total());
  events_.cancelled();
  return queue::JobOutcome::cancelled(result_json());
}

queue::JobOutcome TurnLoop::fail(const std::string& error_type, const std::string& message,
                                 const std::string& partial_text) {
  ensure_started();
  keep_partial(partial_text);
  for (const store::ToolCallRecord& call : conversations_.fail_pending_tool_calls(
           owner_id_, conversation_id_, "the turn failed (" + error_type + ") before this tool call finished")) {
    events_.tool_call_completed(call);
  }
  conversations_.finish_turn(conversation_id_, job_.job().id, "failed", usage_.total());
  events_.failed(error_type, message);
  return queue::JobOutcome::failed(error_type, message, result_json());
}

} // namespace agenthost::runtime
