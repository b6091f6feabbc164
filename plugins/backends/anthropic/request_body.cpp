#include "request_body.hpp"

#include "agenthost/sdk_types.hpp"

#include <string>
#include <utility>

namespace anthropic {

namespace json = agenthost::json;
using agenthost::CallError;
using agenthost::ChatRequest;
using agenthost::Message;

namespace {

json::Value text_block(const std::string& text) { return json::Value::object({{"type", "text"}, {"text", text}}); }

json::Value tool_use_block(const agenthost::ToolCall& call) {
  json::Value input = json::Value::object();
  if (!call.arguments.empty()) {
    try {
      input = json::parse(call.arguments);
    } catch (const json::ParseError& e) {
      throw CallError::invalid_argument("the arguments of earlier tool call " + agenthost::quote_for_message(call.id) +
                                        " are not valid JSON (" + e.what() + "); Anthropic needs them as an object");
    }
    if (!input.is_object())
      throw CallError::invalid_argument("the arguments of earlier tool call " + agenthost::quote_for_message(call.id) +
                                        " are not a JSON object; Anthropic needs them as an object");
  }
  return json::Value::object({{"type", "tool_use"}, {"id", call.id}, {"name", call.name}, {"input", input}});
}

json::Value tool_result_block(const Message& m) {
  return json::Value::object({{"type", "tool_result"}, {"tool_use_id", m.tool_call_id}, {"content", m.content}});
}

// The content blocks a message becomes, and under which role. Empty text blocks are left out:
// the API rejects them.
std::pair<std::string, json::Value> blocks_of(const Message& m) {
  json::Value blocks = json::Value::array();
  if (m.role == "tool") {
    blocks.push_back(tool_result_block(m));
    return {"user", blocks};
  }
  if (m.role == "assistant") {
    if (!m.content.empty()) blocks.push_back(text_block(m.content));
    for (const agenthost::ToolCall& call : m.tool_calls) blocks.push_back(tool_use_block(call));
    return {"assistant", blocks};
  }
  if (m.role != "user")
    throw CallError::invalid_argument("message role " + agenthost::quote_for_message(m.role) +
                                      " is not one of system, user, assistant, tool");
  if (!m.content.empty()) blocks.push_back(text_block(m.content));
  return {"user", blocks};
}

json::Value messages_of(const ChatRequest& request) {
  json::Value messages = json::Value::array();
  std::string last_role;
  for (const Message& m : request.messages) {
    if (m.role == "system") continue;
    auto [role, blocks] = blocks_of(m);
    if (blocks.size() == 0) continue;
    if (role == last_role) {
      json::Value& content = messages.as_array().back().as_object().back().second;
      for (json::Value& block : blocks.as_array()) content.push_back(std::move(block));
      continue;
    }
    messages.push_back(json::Value::object({{"role", role}, {"content", std::move(blocks)}}));
    last_role = role;
  }
  return messages;
}

std::string system_of(const ChatRequest& request) {
  std::string system;
  for (const Message& m : request.messages) {
    if (m.role != "system" || m.content.empty()) continue;
    if (!system.empty()) system += "\n\n";
    system += m.content;
  }
  return system;
}

json::Value tools_of(const ChatRequest& request) {
  json::Value tools = json::Value::array();
  for (const agenthost::ToolSpec& t : request.tools) {
    json::Value schema = t.parameters.is_object() ? t.parameters : json::Value::object();
    // input_schema must be an object schema; tools without parameters often send just {}.
    if (!schema.find("type")) schema.set("type", "object");
    json::Value tool = json::Value::object({{"name", t.name}});
    if (!t.description.empty()) tool.set("description", t.description);
    tool.set("input_schema", std::move(schema));
    tools.push_back(std::move(tool));
  }
  return tools;
}

int64_t max_tokens_of(const ChatRequest& request, int64_t default_max_tokens) {
  const json::Value* v = request.params.find("max_tokens");
  if (!v || v->is_null()) return default_max_tokens;
  if (!v->is_int() || v->as_int() < 1)
    throw CallError::invalid_argument("params.max_tokens must be a positive integer (got " + json::dump(*v) + ")");
  return v->as_int();
}

} // namespace

json::Value messages_request_body(const ChatRequest& request, int64_t default_max_tokens) {
  if (request.model.empty())
    throw CallError::invalid_argument("no model given: set `model` on the agent (e.g. claude-sonnet-4-5)");
  json::Value body = json::Value::object({{"model", request.model},
                                          {"max_tokens", max_tokens_of(request, default_max_tokens)}});
  if (const std::string system = system_of(request); !system.empty()) body.set("system", system);
  body.set("messages", messages_of(request));
  if (!request.tools.empty()) body.set("tools", tools_of(request));
  // Sampling parameters the Messages API takes under the same names; others are not passed on.
  for (const char* name : {"temperature", "top_p", "top_k", "stop_sequences"}) {
    if (const json::Value* v = request.params.find(name); v && !v->is_null()) body.set(name, *v);
  }
  body.set("stream", true);
  return body;
}

} // namespace anthropic
