#include "http/api/conversation_json.hpp"

#include "store/timestamps.hpp"

#include <optional>
#include <string>

namespace agenthost::http {

namespace {

json::Value optional_string(const std::optional<std::string>& value) {
  return value ? json::Value(*value) : json::Value();
}

json::Value optional_timestamp(const std::optional<std::int64_t>& unix_ms) {
  return unix_ms ? json::Value(store::format_timestamp(*unix_ms)) : json::Value();
}

template <class Record, class Render> json::Value page_json(const store::Page<Record>& page, Render render) {
  json::Value data = json::Value::array();
  for (const Record& item : page.items) data.push_back(render(item));
  return json::Value::object({{"data", std::move(data)}, {"next_cursor", optional_string(page.next_cursor)}});
}

} // namespace

json::Value embedded_json(std::string_view stored_text) {
  try {
    return json::parse(stored_text);
  } catch (const json::ParseError&) {
    return json::Value(stored_text);
  }
}

json::Value conversation_json(const store::ConversationRecord& conversation) {
  return json::Value::object({
      {"id", conversation.id},
      {"agent_id", conversation.agent_id},
      {"title", optional_string(conversation.title)},
      {"status", conversation.status},
      {"turn_count", conversation.turn_count},
      {"total_tokens", conversation.total_tokens},
      {"last_activity_at", store::format_timestamp(conversation.last_activity_at)},
      {"created_at", store::format_timestamp(conversation.created_at)},
  });
}

json::Value conversation_detail_json(const store::ConversationDetail& detail) {
  json::Value body = conversation_json(detail.conversation);
  json::Value messages = json::Value::array();
  for (const auto& message : detail.messages) messages.push_back(message_json(message));
  body.set("messages", std::move(messages));
  return body;
}

json::Value tool_call_json(const store::ToolCallRecord& call) {
  return json::Value::object({
      {"id", call.id},
      {"name", call.name},
      {"arguments", embedded_json(call.arguments_json)},
      {"status", call.status},
      {"result", call.result_json ? embedded_json(*call.result_json) : json::Value()},
      {"error", optional_string(call.error)},
      {"created_at", store::format_timestamp(call.created_at)},
      {"completed_at", optional_timestamp(call.completed_at)},
  });
}

json::Value message_json(const store::MessageRecord& message) {
  json::Value tool_calls = json::Value::array();
  for (const auto& call : message.tool_calls) tool_calls.push_back(tool_call_json(call));
  json::Value attachments = json::Value::array();
  for (const auto& document_id : message.attachments)
    attachments.push_back(json::Value::object({{"document_id", document_id}}));
  return json::Value::object({
      {"id", message.id},
      {"conversation_id", message.conversation_id},
      {"role", message.role},
      {"content", message.content},
      {"status", message.status},
      {"created_at", store::format_timestamp(message.created_at)},
      {"tool_calls", std::move(tool_calls)},
      {"attachments", std::move(attachments)},
  });
}

json::Value conversation_page_json(const store::Page<store::ConversationRecord>& page) {
  return page_json(page, conversation_json);
}

json::Value message_page_json(const store::Page<store::MessageRecord>& page) { return page_json(page, message_json); }

} // namespace agenthost::http
