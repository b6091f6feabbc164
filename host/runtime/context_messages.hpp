// The messages of a turn's context as the strategies see them: each chat message with its
// stored id and its token estimate (stored estimate + per-message overhead), and the JSON shape
// of the strategy apply() request/result (docs/plugin-authoring.md, "Strategies").
#pragma once

#include "runtime/backend_caller.hpp"
#include "runtime/turn_context.hpp"
#include "store/conversation_store.hpp"

#include <agenthost/chat.hpp>
#include <agenthost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agenthost::runtime {

struct ContextMessage {
  std::optional<std::string> id; // the stored message; none for system prompts and summaries
  Message message;
  std::int64_t tokens = 0; // the host's estimate, per-message overhead included
  bool summary = false;    // a summary a strategy wrote in place of older messages
};

// The estimator of one agent: its backend's character ratio for its model.
class MessageTokens {
public:
  explicit MessageTokens(double char_ratio = 4.0);
  MessageTokens(const BackendPolicy& policy, const std::string& model);

  double char_ratio() const { return char_ratio_; }
  // Content plus tool-call framing, without the per-message overhead: what the store keeps.
  std::int64_t stored_estimate(const store::NewMessage& message) const;
  std::int64_t stored_estimate(const store::MessageRecord& message) const;
  std::int64_t text(const std::string& text) const;

private:
  double char_ratio_;
};

// "Attached documents (search them with the document_search tool): "report.pdf" (doc_1)":
// appended to a user message that has attachments, so the model knows they exist.
std::string attachments_note(const store::MessageRecord& message);

// System prompts, then the transcript, oldest first (assistant replies that failed before
// saying anything are left out). Stored estimates are used as they are; a message stored
// without one is estimated now (and not rewritten).
std::vector<ContextMessage> context_messages(const TurnContext& context, const MessageTokens& tokens);

json::Value to_json(const ContextMessage& message);
// Throws json::TypeError naming what is wrong.
ContextMessage context_message_from_json(const json::Value& value);

std::int64_t total_tokens(const std::vector<ContextMessage>& messages);

// The chat request for a backend call: the agent's model and params, these messages, the tools.
ChatRequest chat_request_of(const store::AgentRecord& agent, const std::vector<ContextMessage>& messages,
                            std::vector<ToolSpec> tools);

} // namespace agenthost::runtime
