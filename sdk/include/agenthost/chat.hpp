// agenthost SDK: the chat request that crosses the ABI as JSON (see ah_backend_api.chat), as
// C++ values. The host serializes with to_json(); backends read it with ChatRequest::parse().
// One definition serves both sides, so they cannot drift apart.
#pragma once

#include "agenthost/json.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace agenthost {

struct ToolCall {
  std::string id;
  std::string name;
  std::string arguments; // JSON object text, as the model produced it
};

struct Message {
  std::string role; // system | user | assistant | tool
  std::string content;
  std::vector<ToolCall> tool_calls; // assistant messages that call tools
  std::string tool_call_id;         // tool messages: which call this answers
  std::string name;                 // tool messages: the tool's name
};

struct ToolSpec {
  std::string name;
  std::string description;
  json::Value parameters = json::Value::object(); // JSON Schema
};

struct ChatRequest {
  std::string model;
  std::vector<Message> messages;
  std::vector<ToolSpec> tools;
  json::Value params = json::Value::object(); // temperature, max_tokens, top_p, ...

  static ChatRequest parse(std::string_view text) { return from_json(json::parse(text)); }

  static ChatRequest from_json(const json::Value& v) {
    if (!v.is_object()) throw json::TypeError("chat request must be a JSON object");
    ChatRequest r;
    if (const json::Value* model = v.find("model"); model && model->is_string()) r.model = model->as_string();
    if (const json::Value* messages = v.find("messages"); messages && messages->is_array()) {
      for (const json::Value& m : messages->as_array()) r.messages.push_back(message_from_json(m));
    }
    if (const json::Value* tools = v.find("tools"); tools && tools->is_array()) {
      for (const json::Value& t : tools->as_array()) {
        ToolSpec spec;
        spec.name = string_field(t, "name");
        spec.description = string_field(t, "description");
        if (const json::Value* p = t.find("parameters"); p && p->is_object()) spec.parameters = *p;
        r.tools.push_back(std::move(spec));
      }
    }
    if (const json::Value* params = v.find("params"); params && params->is_object()) r.params = *params;
    return r;
  }

  json::Value to_json() const {
    json::Value messages_json = json::Value::array();
    for (const Message& m : messages) messages_json.push_back(message_to_json(m));
    json::Value tools_json = json::Value::array();
    for (const ToolSpec& t : tools) {
      tools_json.push_back(json::Value::object(
          {{"name", t.name}, {"description", t.description}, {"parameters", t.parameters}}));
    }
    return json::Value::object(
        {{"model", model}, {"messages", messages_json}, {"tools", tools_json}, {"params", params}});
  }

  static Message message_from_json(const json::Value& m) {
    if (!m.is_object()) throw json::TypeError("each message must be a JSON object");
    Message msg;
    msg.role = string_field(m, "role");
    msg.content = string_field(m, "content");
    msg.tool_call_id = string_field(m, "tool_call_id");
    msg.name = string_field(m, "name");
    if (const json::Value* calls = m.find("tool_calls"); calls && calls->is_array()) {
      for (const json::Value& c : calls->as_array()) {
        msg.tool_calls.push_back({string_field(c, "id"), string_field(c, "name"), string_field(c, "arguments")});
      }
    }
    return msg;
  }

  static json::Value message_to_json(const Message& m) {
    json::Value out = json::Value::object({{"role", m.role}, {"content", m.content}});
    if (!m.tool_calls.empty()) {
      json::Value calls = json::Value::array();
      for (const ToolCall& c : m.tool_calls) {
        calls.push_back(json::Value::object({{"id", c.id}, {"name", c.name}, {"arguments", c.arguments}}));
      }
      out.set("tool_calls", calls);
    }
    if (!m.tool_call_id.empty()) out.set("tool_call_id", m.tool_call_id);
    if (!m.name.empty()) out.set("name", m.name);
    return out;
  }

private:
  static std::string string_field(const json::Value& object, std::string_view key) {
    const json::Value* v = object.find(key);
    if (!v || v->is_null()) return {};
    if (!v->is_string()) throw json::TypeError(std::string(key) + " must be a string");
    return v->as_string();
  }
};

} // namespace agenthost
