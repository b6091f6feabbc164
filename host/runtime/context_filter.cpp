#include "runtime/context_filter.hpp"

#include "plugins/call_sink.hpp"
#include "plugins/token_estimate.hpp"

#include <algorithm>

namespace agenthost::runtime {
namespace {

std::string_view trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

json::Value optional_number(const std::optional<std::int64_t>& value) {
  return value ? json::Value(*value) : json::Value();
}

std::int64_t report_count(const json::Value& report, const char* key) {
  const json::Value* value = report.find(key);
  return value && value->is_int() ? value->as_int() : 0;
}

json::Value context_record(const std::vector<ContextMessage>& before, const std::vector<ContextMessage>& after,
                           const json::Value& reports) {
  std::int64_t dropped = 0;
  std::int64_t summarized = 0;
  for (const json::Value& report : reports.as_array()) {
    dropped += report_count(report, "dropped");
    summarized += report_count(report, "summarized");
  }
  std::int64_t kept = 0;
  for (const ContextMessage& message : after) kept += message.summary ? 0 : 1;
  return json::Value::object({{"messages_before", static_cast<std::int64_t>(before.size())},
                              {"messages_after", static_cast<std::int64_t>(after.size())},
                              {"tokens_before", total_tokens(before)},
                              {"tokens_after", total_tokens(after)},
                              {"kept", kept},
                              {"dropped", dropped},
                              {"summarized", summarized},
                              {"strategies", reports}});
}

} // namespace

std::vector<std::string> strategy_names_of(std::string_view strategy) {
  std::vector<std::string> names;
  while (true) {
    const std::size_t comma = strategy.find(',');
    names.emplace_back(trimmed(strategy.substr(0, comma)));
    if (comma == std::string_view::npos) return names;
    strategy.remove_prefix(comma + 1);
  }
}

std::vector<std::string> strategy_chain_of(std::string_view strategy) {
  std::vector<std::string> chain = strategy_names_of(strategy);
  chain.erase(std::remove_if(chain.begin(), chain.end(), [](const std::string& name) { return name.empty(); }),
              chain.end());
  return chain;
}

ContextFilter::ContextFilter(const plugins::InstanceDirectory& instances, std::vector<std::string> chain,
                             ContextRequest request, std::map<std::string, std::string, std::less<>> states)
    : instances_(instances), chain_(std::move(chain)), request_(std::move(request)), states_(std::move(states)) {}

json::Value ContextFilter::request_json(const std::string& name, const std::vector<ContextMessage>& messages) const {
  json::Value messages_json = json::Value::array();
  for (const ContextMessage& message : messages) messages_json.push_back(to_json(message));
  json::Value state;
  if (auto found = states_.find(name); found != states_.end()) {
    try {
      state = json::parse(found->second);
    } catch (const json::ParseError&) {
      state = json::Value(); // unreadable: the strategy starts over rather than the turn failing
    }
  }
  return json::Value::object(
      {{"messages", messages_json},
       {"budget", json::Value::object({{"context_window", optional_number(request_.context_window)},
                                       {"max_output_tokens", optional_number(request_.max_output_tokens)}})},
       {"model", request_.model},
       {"backend", request_.backend},
       {"state", state},
       {"estimator", json::Value::object({{"char_ratio", request_.char_ratio},
                                          {"message_overhead", plugins::kMessageOverheadTokens},
                                          {"safety_margin", request_.safety_margin}})}});
}

bool ContextFilter::apply_one(const std::string& name, std::vector<ContextMessage>& messages, json::Value& reports,
                              ContextOutcome& outcome, const std::atomic<bool>& cancel_flag) {
  const auto failed = [&outcome](const char* type, std::string message) {
    outcome.error_type = type;
    outcome.error = std::move(message);
    return false;
  };
  plugins::Instance* strategy = instances_.find(plugins::ComponentKind::strategy, name);
  if (strategy == nullptr) {
    return failed(kErrorStrategyFailed, "the agent's strategy '" + name +
                                            "' is not configured on this host; add a [strategy." + name +
                                            "] section or change the agent's strategy");
  }
  plugins::CollectingSink sink;
  sink.watch(cancel_flag);
  sink.set_owner(request_.owner_id);
  sink.set_cache_counters(request_.cache_counters);
  const ah_status status = strategy->apply(sink, json::dump(request_json(name, messages)));
  if (cancel_flag.load()) return failed(kContextCancelled, "the turn was cancelled while strategy '" + name + "' ran");
  if (status == AH_ERR_INVALID_ARGUMENT) return failed(kErrorContextOverflow, sink.error_message());
  if (status != AH_OK) {
    return failed(kErrorStrategyFailed, "strategy '" + name + "' failed: " + sink.error_message());
  }
  try {
    const json::Value result = json::parse(sink.result());
    const json::Value* kept = result.find("messages");
    if (kept == nullptr || !kept->is_array()) throw json::TypeError("it has no \"messages\" array");
    std::vector<ContextMessage> filtered;
    filtered.reserve(kept->size());
    for (const json::Value& message : kept->as_array()) filtered.push_back(context_message_from_json(message));
    json::Value report = result["report"].is_object() ? result["report"] : json::Value::object();
    report.set("instance", name);
    for (const json::Value& warning : report["warnings"].is_array() ? report["warnings"].as_array()
                                                                     : json::Value::Array{}) {
      if (warning.is_string()) outcome.warnings.push_back("strategy '" + name + "': " + warning.as_string());
    }
    if (const json::Value* state = result.find("state")) {
      const std::string text = json::dump(*state);
      states_[name] = text;
      outcome.new_states.emplace_back(name, text);
    }
    messages = std::move(filtered);
    reports.push_back(std::move(report));
    return true;
  } catch (const std::exception& error) {
    return failed(kErrorStrategyFailed, "strategy '" + name + "' returned something other than a context (" +
                                            error.what() + "); this is a bug in the strategy plugin");
  }
}

ContextOutcome ContextFilter::apply(std::vector<ContextMessage> messages, const std::atomic<bool>& cancel_flag) {
  ContextOutcome outcome;
  const std::vector<ContextMessage> before = messages;
  json::Value reports = json::Value::array();
  for (const std::string& name : chain_) {
    if (!apply_one(name, messages, reports, outcome, cancel_flag)) return outcome;
  }
  outcome.record = context_record(before, messages, reports);
  outcome.messages = std::move(messages);
  return outcome;
}

} // namespace agenthost::runtime
