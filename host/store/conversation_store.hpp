// Conversations and their messages, tool calls and attachments.
//
// Listing conversations never touches the messages table; showing one conversation loads it,
// all its messages, all their tool calls and all their attachments in four statements,
// whatever their number.
#pragma once

#include "store/database.hpp"
#include "store/pagination.hpp"
#include "store/records.hpp"

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
  std::optional<std::int64_t> token_estimate;
};

class ConversationStore {
public:
  explicit ConversationStore(Database& database) : database_(database) {}

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

private:
  Database& database_;
};

} // namespace agenthost::store
