#include "runtime/turn_events.hpp"

#include "runtime/stored_json.hpp"

namespace agenthost::runtime {

json::Value TurnUsage::to_json() const {
  return json::Value::object(
      {{"input_tokens", input_tokens}, {"output_tokens", output_tokens}, {"total_tokens", total()}});
}

bool is_terminal_event(std::string_view type) {
  return type == kTurnCompleted || type == kTurnFailed || type == kTurnCancelled;
}

void TurnEvents::append(const char* type, const json::Value& data) {
  log_.append(conversation_id_, job_id_, type, json::dump(data));
}

void TurnEvents::started(const json::Value& context) {
  json::Value data = json::Value::object();
  if (!context.is_null()) data.set("context", context);
  append(kTurnStarted, data);
}

void TurnEvents::warning(const std::string& message) {
  append(kTurnWarning, json::Value::object({{"message", message}}));
}

void TurnEvents::delta(const std::string& text) { append(kMessageDelta, json::Value::object({{"text", text}})); }

void TurnEvents::tool_call_started(const store::ToolCallRecord& call) {
  append(kToolCallStarted, json::Value::object({{"id", call.id},
                                                 {"name", call.name},
                                                 {"arguments", stored_json_value(call.arguments_json)}}));
}

void TurnEvents::tool_call_completed(const store::ToolCallRecord& call) {
  json::Value data = json::Value::object({{"id", call.id}, {"name", call.name}});
  if (call.status == "succeeded") {
    data.set("result", call.result_json ? stored_json_value(*call.result_json) : json::Value());
  } else {
    data.set("error", call.error.value_or("the tool call failed"));
  }
  append(kToolCallCompleted, data);
}

void TurnEvents::message_completed(json::Value message) {
  append(kMessageCompleted, json::Value::object({{"message", std::move(message)}}));
}

void TurnEvents::completed(const TurnUsage& usage) {
  append(kTurnCompleted, json::Value::object({{"usage", usage.to_json()}}));
}

void TurnEvents::failed(std::string_view error_type, std::string_view message) {
  append(kTurnFailed, json::Value::object(
                          {{"error", json::Value::object({{"type", error_type}, {"message", message}})}}));
}

void TurnEvents::cancelled() { append(kTurnCancelled, json::Value::object()); }

} // namespace agenthost::runtime
