#include "store/conversation_store.hpp"

#include "common/error.hpp"
#include "store/ids.hpp"
#include "store/timestamps.hpp"

#include <map>
#include <set>

namespace agenthost::store {
namespace {

constexpr const char* kConversationColumns =
    "id, owner_id, agent_id, title, status, turn_count, total_tokens, last_activity_at, created_at, active_job_id";
constexpr const char* kMessageColumns =
    "id, conversation_id, role, content, status, token_estimate, tool_call_id, created_at";
constexpr const char* kToolCallColumns =
    "id, message_id, name, arguments, status, result, error, created_at, completed_at";

ConversationRecord conversation_of(const Row& row) {
  return ConversationRecord{row.text(0),    row.text(1),    row.text(2),    row.optional_text(3), row.text(4),
                            row.integer(5), row.integer(6), row.integer(7), row.integer(8), row.optional_text(9)};
}

MessageRecord message_of(const Row& row) {
  MessageRecord message;
  message.id = row.text(0);
  message.conversation_id = row.text(1);
  message.role = row.text(2);
  message.content = row.text(3);
  message.status = row.text(4);
  message.token_estimate = row.optional_integer(5);
  message.tool_call_id = row.optional_text(6);
  message.created_at = row.integer(7);
  return message;
}

ToolCallRecord tool_call_of(const Row& row) {
  return ToolCallRecord{row.text(0), row.text(1),          row.text(2),          row.text(3),
                        row.text(4), row.optional_text(5), row.optional_text(6), row.integer(7),
                        row.optional_integer(8)};
}

std::optional<ConversationRecord> find_in(Connection& connection, std::string_view owner_id, std::string_view id) {
  std::optional<Row> row = connection.query_one(std::string("SELECT ") + kConversationColumns +
                                                    " FROM conversations WHERE id = ? AND owner_id = ?",
                                                {std::string(id), std::string(owner_id)});
  if (!row) return std::nullopt;
  return conversation_of(*row);
}

[[noreturn]] void no_conversation(std::string_view id) {
  throw Error(ErrorKind::not_found, "no conversation " + std::string(id));
}

// Attaches tool calls and attachments to `messages` with two statements. `scope` selects them
// either by conversation (a whole transcript) or by the message ids (a page).
void load_children(Connection& connection, std::vector<MessageRecord>& messages,
                   const std::optional<std::string>& whole_conversation) {
  if (messages.empty()) return;
  std::map<std::string, MessageRecord*, std::less<>> by_id;
  SqlParams ids;
  for (MessageRecord& message : messages) {
    by_id[message.id] = &message;
    ids.emplace_back(message.id);
  }
  std::string tool_sql = std::string("SELECT ") + kToolCallColumns + " FROM tool_calls WHERE ";
  // The documents' filenames come in the same statement: a turn names them to the model.
  std::string attachment_sql = "SELECT a.message_id, a.document_id, d.filename FROM attachments a "
                               "JOIN documents d ON d.id = a.document_id WHERE ";
  SqlParams params;
  if (whole_conversation) {
    tool_sql += "conversation_id = ?";
    attachment_sql += "a.conversation_id = ?";
    params.emplace_back(*whole_conversation);
  } else {
    const std::string in = "message_id IN (" + placeholders(ids.size()) + ")";
    tool_sql += in;
    attachment_sql += "a." + in;
    params = ids;
  }
  for (const Row& row : connection.query(tool_sql + " ORDER BY id", params)) {
    ToolCallRecord call = tool_call_of(row);
    if (auto found = by_id.find(call.message_id); found != by_id.end()) found->second->tool_calls.push_back(std::move(call));
  }
  for (const Row& row : connection.query(attachment_sql + " ORDER BY a.message_id, a.position", params)) {
    if (auto found = by_id.find(row.text(0)); found != by_id.end()) {
      found->second->attachments.push_back(row.text(1));
      found->second->attachment_names.push_back(row.text(2));
    }
  }
}

// Every attachment must be a document of the owner; the error names the first that is not.
void check_attachments(Connection& connection, std::string_view owner_id, const std::vector<std::string>& documents) {
  if (documents.empty()) return;
  SqlParams params{std::string(owner_id)};
  for (const std::string& id : documents) params.emplace_back(id);
  std::set<std::string, std::less<>> found;
  for (const Row& row : connection.query("SELECT id FROM documents WHERE owner_id = ? AND id IN (" +
                                             placeholders(documents.size()) + ")",
                                         params)) {
    found.insert(row.text(0));
  }
  for (std::size_t i = 0; i < documents.size(); ++i) {
    if (found.count(documents[i]) == 0) {
      throw Error(ErrorKind::unprocessable, "no document " + documents[i] + " to attach",
                  "attachments[" + std::to_string(i) + "]");
    }
  }
}

} // namespace

ConversationRecord ConversationStore::create(std::string_view owner_id, std::string_view agent_id,
                                             const std::optional<std::string>& title) {
  return database_.transaction([&](Connection& connection) {
    if (!connection.query_one("SELECT id FROM agents WHERE id = ? AND owner_id = ?",
                              {std::string(agent_id), std::string(owner_id)})) {
      throw Error(ErrorKind::unprocessable, "no agent " + std::string(agent_id), "agent_id");
    }
    ConversationRecord conversation;
    conversation.id = new_id("cnv_");
    conversation.owner_id = std::string(owner_id);
    conversation.agent_id = std::string(agent_id);
    conversation.title = title;
    conversation.created_at = conversation.last_activity_at = now_ms();
    connection.execute(std::string("INSERT INTO conversations (") + kConversationColumns +
                           ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       {conversation.id, conversation.owner_id, conversation.agent_id, nullable(conversation.title),
                        conversation.status, conversation.turn_count, conversation.total_tokens,
                        conversation.last_activity_at, conversation.created_at, nullable(conversation.active_job_id)});
    return conversation;
  });
}

std::optional<ConversationRecord> ConversationStore::find(std::string_view owner_id, std::string_view id) {
  Connection connection = database_.connect();
  return find_in(connection, owner_id, id);
}

std::optional<ConversationDetail> ConversationStore::find_detail(std::string_view owner_id, std::string_view id) {
  Connection connection = database_.connect();
  std::optional<ConversationRecord> conversation = find_in(connection, owner_id, id);
  if (!conversation) return std::nullopt;
  ConversationDetail detail{std::move(*conversation), {}};
  for (const Row& row : connection.query(std::string("SELECT ") + kMessageColumns +
                                             " FROM messages WHERE conversation_id = ? ORDER BY id",
                                         {std::string(id)})) {
    detail.messages.push_back(message_of(row));
  }
  load_children(connection, detail.messages, std::string(id));
  return detail;
}

Page<ConversationRecord> ConversationStore::list(std::string_view owner_id, const ConversationFilter& filter,
                                                 const PageRequest& page) {
  Connection connection = database_.connect();
  std::string sql = std::string("SELECT ") + kConversationColumns + " FROM conversations WHERE owner_id = ?";
  SqlParams params{std::string(owner_id)};
  if (filter.agent_id) {
    sql += " AND agent_id = ?";
    params.emplace_back(*filter.agent_id);
  }
  if (filter.status) {
    sql += " AND status = ?";
    params.emplace_back(*filter.status);
  }
  append_keyset_page(sql, params, page);
  std::vector<ConversationRecord> conversations;
  for (const Row& row : connection.query(sql, params)) conversations.push_back(conversation_of(row));
  return make_page(std::move(conversations), page, [](const ConversationRecord& c) { return c.id; });
}

void ConversationStore::remove(std::string_view owner_id, std::string_view id) {
  database_.transaction([&](Connection& connection) {
    // Messages, tool calls and attachments go by ON DELETE CASCADE; the event log is keyed
    // by stream id (a conversation or a job), so it goes explicitly.
    if (connection.execute("DELETE FROM conversations WHERE id = ? AND owner_id = ?",
                           {std::string(id), std::string(owner_id)}) == 0) {
      no_conversation(id);
    }
    connection.execute("DELETE FROM event_streams WHERE id = ?", {std::string(id)});
  });
}

MessageRecord ConversationStore::append_message(std::string_view owner_id, std::string_view conversation_id,
                                                const NewMessage& input) {
  return database_.transaction(
      [&](Connection& connection) { return insert_message(connection, owner_id, conversation_id, input); });
}

MessageRecord ConversationStore::insert_message(Connection& connection, std::string_view owner_id,
                                                std::string_view conversation_id, const NewMessage& input,
                                                std::string message_id) {
  MessageRecord message;
  message.id = message_id.empty() ? new_id("msg_") : std::move(message_id);
  message.conversation_id = std::string(conversation_id);
  message.role = input.role;
  message.content = input.content;
  message.status = input.status;
  // Estimated once, here, and never again: a turn sums stored estimates instead of
  // re-reading its whole history.
  message.token_estimate = input.token_estimate;
  if (!message.token_estimate && estimate_) message.token_estimate = estimate_(input);
  message.tool_call_id = input.tool_call_id;
  message.created_at = now_ms();
  message.attachments = input.attachments;
  // Bumping activity first both checks ownership and takes the row's write lock.
  if (connection.execute("UPDATE conversations SET last_activity_at = ? WHERE id = ? AND owner_id = ?",
                         {message.created_at, message.conversation_id, std::string(owner_id)}) == 0) {
    no_conversation(conversation_id);
  }
  check_attachments(connection, owner_id, input.attachments);
  connection.execute(std::string("INSERT INTO messages (") + kMessageColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     {message.id, message.conversation_id, message.role, message.content, message.status,
                      nullable(message.token_estimate), nullable(message.tool_call_id), message.created_at});
  SqlParams attachments;
  for (std::size_t i = 0; i < input.attachments.size(); ++i) {
    attachments.insert(attachments.end(), {message.id, message.conversation_id, input.attachments[i],
                                           static_cast<std::int64_t>(i)});
  }
  connection.insert_rows("INSERT INTO attachments (message_id, conversation_id, document_id, position)", 4, attachments);
  SqlParams calls;
  for (ToolCallRecord call : input.tool_calls) {
    if (call.id.empty()) call.id = new_id("tc_");
    call.message_id = message.id;
    if (call.created_at == 0) call.created_at = message.created_at;
    calls.insert(calls.end(), {call.id, call.message_id, message.conversation_id, call.name, call.arguments_json,
                               call.status, nullable(call.result_json), nullable(call.error), call.created_at,
                               nullable(call.completed_at)});
    message.tool_calls.push_back(std::move(call));
  }
  connection.insert_rows("INSERT INTO tool_calls (id, message_id, conversation_id, name, arguments, status, result, "
                         "error, created_at, completed_at)",
                         10, calls);
  return message;
}

void ConversationStore::claim_for_turn(Connection& connection, std::string_view owner_id,
                                       std::string_view conversation_id, std::string_view job_id) {
  // One conditional UPDATE decides it, so two concurrent posts cannot both start a turn.
  if (connection.execute("UPDATE conversations SET status = 'running', active_job_id = ?, last_activity_at = ? "
                         "WHERE id = ? AND owner_id = ? AND active_job_id IS NULL",
                         {std::string(job_id), now_ms(), std::string(conversation_id), std::string(owner_id)}) > 0) {
    return;
  }
  if (!find_in(connection, owner_id, conversation_id)) no_conversation(conversation_id);
  throw Error(ErrorKind::conflict, "a turn is already running in conversation " + std::string(conversation_id) +
                                       "; wait for its terminal event or POST /api/v1/conversations/" +
                                       std::string(conversation_id) + "/cancel");
}

bool ConversationStore::finish_turn(std::string_view conversation_id, std::string_view job_id,
                                    std::string_view status, std::int64_t tokens) {
  Connection connection = database_.connect();
  return connection.execute("UPDATE conversations SET status = ?, active_job_id = NULL, turn_count = turn_count + 1, "
                            "total_tokens = total_tokens + ?, last_activity_at = ? "
                            "WHERE id = ? AND active_job_id = ?",
                            {std::string(status), tokens, now_ms(), std::string(conversation_id),
                             std::string(job_id)}) > 0;
}

MessageRecord ConversationStore::complete_tool_call(std::string_view owner_id, std::string_view conversation_id,
                                                    const ToolCallRecord& call, const NewMessage& reply) {
  return database_.transaction([&](Connection& connection) {
    MessageRecord message = insert_message(connection, owner_id, conversation_id, reply);
    connection.execute("UPDATE tool_calls SET status = ?, result = ?, error = ?, completed_at = ? "
                       "WHERE id = ? AND conversation_id = ?",
                       {call.status, nullable(call.result_json), nullable(call.error),
                        call.completed_at.value_or(message.created_at), call.id, std::string(conversation_id)});
    return message;
  });
}

std::vector<ToolCallRecord> ConversationStore::fail_pending_tool_calls(std::string_view owner_id,
                                                                       std::string_view conversation_id,
                                                                       std::string_view error) {
  return database_.transaction([&](Connection& connection) {
    std::vector<ToolCallRecord> failed;
    if (!find_in(connection, owner_id, conversation_id)) no_conversation(conversation_id);
    const std::int64_t now = now_ms();
    for (const Row& row : connection.query(std::string("UPDATE tool_calls SET status = 'failed', error = ?, "
                                                       "completed_at = ? WHERE conversation_id = ? AND "
                                                       "status = 'pending' RETURNING ") +
                                               kToolCallColumns,
                                           {std::string(error), now, std::string(conversation_id)})) {
      failed.push_back(tool_call_of(row));
    }
    for (const ToolCallRecord& call : failed) {
      NewMessage reply;
      reply.role = "tool";
      reply.content = "error: " + std::string(error);
      reply.tool_call_id = call.id;
      insert_message(connection, owner_id, conversation_id, reply);
    }
    return failed;
  });
}

Page<MessageRecord> ConversationStore::list_messages(std::string_view owner_id, std::string_view conversation_id,
                                                     const PageRequest& page) {
  Connection connection = database_.connect();
  if (!connection.query_one("SELECT id FROM conversations WHERE id = ? AND owner_id = ?",
                            {std::string(conversation_id), std::string(owner_id)})) {
    no_conversation(conversation_id);
  }
  std::string sql = std::string("SELECT ") + kMessageColumns + " FROM messages WHERE conversation_id = ?";
  SqlParams params{std::string(conversation_id)};
  append_keyset_page(sql, params, page);
  std::vector<MessageRecord> messages;
  for (const Row& row : connection.query(sql, params)) messages.push_back(message_of(row));
  Page<MessageRecord> result = make_page(std::move(messages), page, [](const MessageRecord& m) { return m.id; });
  load_children(connection, result.items, std::nullopt);
  return result;
}

} // namespace agenthost::store
