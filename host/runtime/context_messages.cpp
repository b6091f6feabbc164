#include "runtime/context_messages.hpp"

#include "plugins/token_estimate.hpp"

#include <map>
#include <utility>

namespace agenthost::runtime {
namespace {

double ratio_of(const BackendPolicy& policy, const std::string& model) {
  if (auto found = policy.model_char_ratios.find(model); found != policy.model_char_ratios.end()) {
    return found->second;
  }
  return policy.char_ratio;
}

template <class Calls> std::int64_t estimate(const std::string& content, const Calls& calls, double ratio) {
  std::vector<std::pair<std::string_view, std::string_view>> framing;
  framing.reserve(calls.size());
  for (const store::ToolCallRecord& call : calls) framing.emplace_back(call.name, call.arguments_json);
  return plugins::estimate_message_tokens(content, framing, ratio);
}

} // namespace

MessageTokens::MessageTokens(double char_ratio) : char_ratio_(char_ratio) {}
MessageTokens::MessageTokens(const BackendPolicy& policy, const std::string& model)
    : char_ratio_(ratio_of(policy, model)) {}

std::int64_t MessageTokens::stored_estimate(const store::NewMessage& message) const {
  return estimate(message.content, message.tool_calls, char_ratio_);
}

std::int64_t MessageTokens::stored_estimate(const store::MessageRecord& message) const {
  return estimate(message.content, message.tool_calls, char_ratio_);
}

std::int64_t MessageTokens::text(const std::string& text) const {
  return plugins::estimate_tokens(text, char_ratio_);
}

std::string attachments_note(const store::MessageRecord& message) {
  if (message.attachments.empty()) return "";
  std::string note = "Attached documents (search them with the document_search tool): ";
  for (std::size_t i = 0; i < message.attachments.size(); ++i) {
    const std::string name = i < message.attachment_names.size() ? message.attachment_names[i] : "";
    note += (i == 0 ? "\"" : ", \"") + name + "\" (" + message.attachments[i] + ")";
  }
  return note;
}

std::vector<ContextMessage> context_messages(const TurnContext& context, const MessageTokens& tokens) {
  std::vector<ContextMessage> out;
  for (const std::string& prompt : context.agent.fields.system_prompts) {
    out.push_back(ContextMessage{std::nullopt, Message{"system", prompt, {}, {}, {}},
                                 tokens.text(prompt) + plugins::kMessageOverheadTokens, false});
  }
  // Tool messages name their tool; the name lives on the call they answer.
  std::map<std::string, std::string, std::less<>> tool_names;
  for (const store::MessageRecord& message : context.transcript.messages) {
    for (const store::ToolCallRecord& call : message.tool_calls) tool_names[call.id] = call.name;
  }
  for (const store::MessageRecord& stored : context.transcript.messages) {
    ContextMessage entry;
    entry.id = stored.id;
    Message& message = entry.message;
    message.role = stored.role;
    message.content = stored.content;
    entry.tokens = stored.token_estimate ? *stored.token_estimate : tokens.stored_estimate(stored);
    if (stored.role == "assistant") {
      // A reply that failed before saying anything is not part of the conversation.
      if (stored.content.empty() && stored.tool_calls.empty()) continue;
      for (const store::ToolCallRecord& call : stored.tool_calls) {
        message.tool_calls.push_back(ToolCall{call.id, call.name, call.arguments_json});
      }
    } else if (stored.role == "tool") {
      message.tool_call_id = stored.tool_call_id.value_or("");
      if (auto found = tool_names.find(message.tool_call_id); found != tool_names.end()) message.name = found->second;
    } else if (const std::string note = attachments_note(stored); !note.empty()) {
      message.content += (message.content.empty() ? "" : "\n\n") + note;
      entry.tokens += tokens.text(note);
    }
    entry.tokens += plugins::kMessageOverheadTokens;
    out.push_back(std::move(entry));
  }
  return out;
}

json::Value to_json(const ContextMessage& message) {
  json::Value out = ChatRequest::message_to_json(message.message);
  out.set("id", message.id ? json::Value(*message.id) : json::Value());
  out.set("tokens", message.tokens);
  if (message.summary) out.set("summary", true);
  return out;
}

ContextMessage context_message_from_json(const json::Value& value) {
  ContextMessage message;
  message.message = ChatRequest::message_from_json(value);
  if (const json::Value* id = value.find("id"); id && !id->is_null()) {
    if (!id->is_string()) throw json::TypeError("id must be a string or null");
    message.id = id->as_string();
  }
  message.tokens = value.get_or<std::int64_t>("tokens", 0);
  message.summary = value.get_or("summary", false);
  return message;
}

std::int64_t total_tokens(const std::vector<ContextMessage>& messages) {
  std::int64_t total = 0;
  for (const ContextMessage& message : messages) total += message.tokens;
  return total;
}

ChatRequest chat_request_of(const store::AgentRecord& agent, const std::vector<ContextMessage>& messages,
                            std::vector<ToolSpec> tools) {
  ChatRequest request;
  request.model = agent.fields.model;
  request.tools = std::move(tools);
  try {
    request.params = json::parse(agent.fields.params_json);
  } catch (const json::ParseError&) {
    request.params = json::Value::object(); // validated when stored; never fail a turn over it
  }
  request.messages.reserve(messages.size());
  for (const ContextMessage& message : messages) request.messages.push_back(message.message);
  return request;
}

} // namespace agenthost::runtime
