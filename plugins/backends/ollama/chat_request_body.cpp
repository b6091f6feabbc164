#include "chat_request_body.hpp"

#include "agenthost/sdk_types.hpp"

#include <cstdlib>

namespace ollama {

namespace json = agenthost::json;

namespace {

// ChatRequest params that are Ollama "options" under the same name.
constexpr const char* kOptionParams[] = {"temperature",    "top_p",          "top_k",      "seed",
                                         "stop",           "num_ctx",        "min_p",      "repeat_penalty",
                                         "repeat_last_n",  "presence_penalty", "frequency_penalty",
                                         "num_predict",    "typical_p"};

json::Value arguments_object(const agenthost::ToolCall& call) {
  if (call.arguments.empty()) return json::Value::object();
  json::Value arguments;
  try {
    arguments = json::parse(call.arguments);
  } catch (const json::ParseError& e) {
    throw agenthost::CallError::invalid_argument("the arguments of earlier tool call " +
                                                 agenthost::quote_for_message(call.name) +
                                                 " are not valid JSON (" + e.detail() +
                                                 "); Ollama needs them as a JSON object");
  }
  if (!arguments.is_object()) {
    throw agenthost::CallError::invalid_argument("the arguments of earlier tool call " +
                                                 agenthost::quote_for_message(call.name) +
                                                 " are not a JSON object; Ollama needs an object");
  }
  return arguments;
}

json::Value message_body(const agenthost::Message& m) {
  json::Value out = json::Value::object({{"role", m.role}, {"content", m.content}});
  if (m.role == "assistant" && !m.tool_calls.empty()) {
    json::Value calls = json::Value::array();
    for (const agenthost::ToolCall& c : m.tool_calls) {
      calls.push_back(json::Value::object(
          {{"function", json::Value::object({{"name", c.name}, {"arguments", arguments_object(c)}})}}));
    }
    out.set("tool_calls", std::move(calls));
  }
  // Ollama matches results to calls by tool name (it has no call ids).
  if (m.role == "tool" && !m.name.empty()) out.set("tool_name", m.name);
  return out;
}

json::Value options_of(const agenthost::ChatRequest& request, const ChatDefaults& defaults) {
  json::Value options = defaults.options.is_object() ? defaults.options : json::Value::object();
  const json::Value& params = request.params;
  if (!params.is_object()) return options;
  for (const char* name : kOptionParams) {
    if (const json::Value* v = params.find(name); v && !v->is_null()) options.set(name, *v);
  }
  if (const json::Value* v = params.find("max_tokens"); v && !v->is_null()) options.set("num_predict", *v);
  return options;
}

} // namespace

json::Value keep_alive_value(const std::string& setting) {
  if (setting.empty()) return nullptr;
  char* end = nullptr;
  const long long seconds = std::strtoll(setting.c_str(), &end, 10);
  if (end && *end == '\0') return static_cast<int64_t>(seconds);
  return setting;
}

json::Value chat_request_body(const agenthost::ChatRequest& request, const ChatDefaults& defaults) {
  json::Value messages = json::Value::array();
  for (const agenthost::Message& m : request.messages) messages.push_back(message_body(m));
  json::Value body = json::Value::object({{"model", request.model}, {"messages", std::move(messages)}, {"stream", true}});
  if (!request.tools.empty()) {
    json::Value tools = json::Value::array();
    for (const agenthost::ToolSpec& t : request.tools) {
      tools.push_back(json::Value::object(
          {{"type", "function"},
           {"function", json::Value::object(
                            {{"name", t.name}, {"description", t.description}, {"parameters", t.parameters}})}}));
    }
    body.set("tools", std::move(tools));
  }
  json::Value options = options_of(request, defaults);
  if (options.size() > 0) body.set("options", std::move(options));
  json::Value keep_alive = keep_alive_value(defaults.keep_alive);
  if (!keep_alive.is_null()) body.set("keep_alive", std::move(keep_alive));
  return body;
}

} // namespace ollama
