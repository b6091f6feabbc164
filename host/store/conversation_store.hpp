// Conversations and their messages, tool calls and attachments.
//
// Listing conversations never touches the messages table; showing one conversation loads it,
// all its messages, all their tool calls and all their attachments in four statements,
// whatever their number.
#pragma once

#include "store/database.hpp"
#include "store/pagination.hpp"
#include "store/records.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::store {

struct ConversationFilter {
  std::optional<std::string> agent_id;
  std::optional<std::string> status;
};

struct NewMessage {
  std::string role = "user";
  std::string content;
  std::vector<std::string> attachments; // document ids owned by the same user
  std::optional<std::int64_t> token_estimate; // absent: the store's estimator's (one per message, kept)
  std::string status = "complete";          // complete | incomplete | failed
  std::optional<std::string> tool_call_id{}; // role tool: the call this message answers
  std::vector<ToolCallRecord> tool_calls{};  // role assistant: the calls it makes (stored with it)
};

// The token estimate stored with a message that does not bring its own (see
// NewMessage::token_estimate): the runtime's, with the agent's character ratio. The store
// knows nothing of estimation, so the caller hands it in.
using MessageTokenEstimate = std::function<std::int64_t(const NewMessage& message)>;

class ConversationStore {
public:
  // Without `estimate`, a message without a token_estimate is stored with NULL (estimated
  // when a turn loads it).
  explicit ConversationStore(Database& database, MessageTokenEstimate estimate = {})
      : database_(database), estimate_(std::move(estimate)) {}

  // Throws Error(unprocessable, field agent_id) when the agent is unknown or another owner's.
  ConversationRecord create(std::string_view owner_id, std::string_view agent_id,
                            const std::optional<std::string>& title);
  std::optional<ConversationRecord> find(std::string_view owner_id, std::string_view id);
  std::optional<ConversationDetail> find_detail(std::string_view owner_id, std::string_view id);
  Page<ConversationRecord> list(std::string_view owner_id, const ConversationFilter& filter,
                                const PageRequest& page);
  // Throws Error(not_found). Messages, tool calls and attachments go with it.
  void remove(std::string_view owner_id, std::string_view id);

  // Stores a message and bumps the conversation's last_activity_at, in one transaction.
  // Throws Error(not_found) for an unknown conversation, Error(unprocessable, field
  // attachments[i]) for a document the owner does not have.
  MessageRecord append_message(std::string_view owner_id, std::string_view conversation_id,
                               const NewMessage& message);
  // The conversation's messages, newest first, with their tool calls and attachments.
  // Throws Error(not_found) for an unknown conversation.
  Page<MessageRecord> list_messages(std::string_view owner_id, std::string_view conversation_id,
                                    const PageRequest& page);

  // --- Turns (used by the runtime) ---

  // In the caller's write transaction: makes `job_id` the conversation's running turn
  // (status 'running'), unless a turn already runs. Throws Error(not_found) for an unknown (or
  // another owner's) conversation, Error(conflict) while a turn runs.
  void claim_for_turn(Connection& open_transaction, std::string_view owner_id, std::string_view conversation_id,
                      std::string_view job_id);
  // In the caller's write transaction: stores a message (with its attachments and, for an
  // assistant message, its tool calls) and bumps last_activity_at. `message_id` empty: a new id.
  // Throws as append_message does.
  MessageRecord insert_message(Connection& open_transaction, std::string_view owner_id,
                               std::string_view conversation_id, const NewMessage& message,
                               std::string message_id = {});
  // Ends the turn `job_id`: status `status` (idle | failed), no running turn, turn_count + 1,
  // total_tokens + `tokens`, last_activity_at now. False (and nothing changes) when `job_id`
  // is not the conversation's running turn, so ending a turn twice is harmless.
  bool finish_turn(std::string_view conversation_id, std::string_view job_id, std::string_view status,
                   std::int64_t tokens);
  // Completes a pending tool call (status succeeded | failed) and stores the tool message that
  // answers it, in one transaction. Returns the message as stored.
  MessageRecord complete_tool_call(std::string_view owner_id, std::string_view conversation_id,
                                  const ToolCallRecord& call, const NewMessage& reply);
  // Fails every tool call of the conversation still pending with `error`, and stores a tool
  // message answering each (so the transcript stays consistent); one transaction. Returns the
  // calls it failed.
  std::vector<ToolCallRecord> fail_pending_tool_calls(std::string_view owner_id, std::string_view conversation_id,
                                                      std::string_view error);

private:
  Database& database_;
  MessageTokenEstimate estimate_;
};

} // namespace agenthost::store
