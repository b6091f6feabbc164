#include "chat_body.hpp"

#include "agenthost/sdk_types.hpp"

#include <string_view>

namespace openai_backend {

namespace json = agenthost::json;
using agenthost::CallError;

namespace {

enum class ParamType { number, integer, stop };

struct ParamRule {
  std::string_view name;
  ParamType type;
};

// The parameters passed through; any other key in params is not OpenAI's and is left out.
constexpr ParamRule kParams[] = {
    {"temperature", ParamType::number},      {"top_p", ParamType::number},
    {"max_tokens", ParamType::integer},      {"seed", ParamType::integer},
    {"presence_penalty", ParamType::number}, {"frequency_penalty", ParamType::number},
    {"stop", ParamType::stop},
};

bool fits(const json::Value& v, ParamType type) {
  switch (type) {
  case ParamType::number: return v.is_number();
  case ParamType::integer: return v.is_int();
  case ParamType::stop:
    if (v.is_string()) return true;
    if (!v.is_array()) return false;
    for (const json::Value& item : v.as_array())
      if (!item.is_string()) return false;
    return true;
  }
  return false;
}

const char* expected(ParamType type) {
  switch (type) {
  case ParamType::number: return "a number";
  case ParamType::integer: return "an integer";
  case ParamType::stop: return "a string or an array of strings";
  }
  return "";
}

json::Value tool_calls_json(const agenthost::Message& message) {
  json::Value calls = json::Value::array();
  for (const agenthost::ToolCall& call : message.tool_calls) {
    calls.push_back(json::Value::object(
        {{"id", call.id},
         {"type", "function"},
         // OpenAI wants the arguments as a JSON string; an empty one would be refused.
         {"function", json::Value::object({{"name", call.name}, {"arguments", call.arguments.empty() ? "{}" : call.arguments}})}}));
  }
  return calls;
}

json::Value message_json(const agenthost::Message& m, std::size_t position) {
  if (m.role == "system" || m.role == "user") return json::Value::object({{"role", m.role}, {"content", m.content}});
  if (m.role == "assistant") {
    if (m.tool_calls.empty()) return json::Value::object({{"role", "assistant"}, {"content", m.content}});
    // An assistant turn that only calls tools has content null, as OpenAI itself returns it.
    json::Value content = m.content.empty() ? json::Value() : json::Value(m.content);
    return json::Value::object({{"role", "assistant"}, {"content", content}, {"tool_calls", tool_calls_json(m)}});
  }
  if (m.role == "tool") {
    if (m.tool_call_id.empty()) {
      throw CallError::invalid_argument("messages[" + std::to_string(position) +
                                        "]: a tool result needs the tool_call_id of the call it answers");
    }
    return json::Value::object({{"role", "tool"}, {"tool_call_id", m.tool_call_id}, {"content", m.content}});
  }
  throw CallError::invalid_argument("messages[" + std::to_string(position) + "]: role " +
                                    agenthost::quote_for_message(m.role) +
                                    " is not one of system, user, assistant, tool");
}

} // namespace

json::Value chat_body(const agenthost::ChatRequest& request, const BodyOptions& options) {
  if (request.model.empty()) {
    throw CallError::invalid_argument("no model given: set the agent's model to one the server offers (see list_models)");
  }
  json::Value messages = json::Value::array();
  for (std::size_t i = 0; i < request.messages.size(); ++i) messages.push_back(message_json(request.messages[i], i));

  json::Value body = json::Value::object({{"model", request.model},
                                          {"messages", messages},
                                          {"stream", true},
                                          {"stream_options", json::Value::object({{"include_usage", true}})}});
  if (!request.tools.empty()) {
    json::Value tools = json::Value::array();
    for (const agenthost::ToolSpec& tool : request.tools) {
      json::Value function = json::Value::object({{"name", tool.name}, {"description", tool.description}});
      function.set("parameters", tool.parameters.is_object() ? tool.parameters : json::Value::object());
      tools.push_back(json::Value::object({{"type", "function"}, {"function", function}}));
    }
    body.set("tools", tools);
  }
  for (const ParamRule& rule : kParams) {
    const json::Value* value = request.params.find(rule.name);
    if (!value || value->is_null()) continue;
    if (!fits(*value, rule.type)) {
      throw CallError::invalid_argument("params." + std::string(rule.name) + " must be " + expected(rule.type) +
                                        " (got " + json::dump(*value) + ")");
    }
    const std::string field = rule.name == "max_tokens" ? options.max_tokens_field : std::string(rule.name);
    body.set(field, *value);
  }
  return body;
}

} // namespace openai_backend
