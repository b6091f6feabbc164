// What the store keeps, as plain structs. Repositories fill them; the HTTP layer renders them.
// Times are milliseconds since the Unix epoch (see timestamps.hpp); JSON documents (agent
// params, tool-call arguments and results) are kept as JSON text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agenthost::store {

struct UserRecord {
  std::string id;
  std::string name;
  bool is_admin = false;
  std::int64_t created_at = 0;
};

struct TokenRecord {
  std::string id;
  std::string user_id;
  std::string name;
  std::string prefix; // the first characters of the token (not a secret)
  std::int64_t created_at = 0;
  std::optional<std::int64_t> revoked_at;
};

// What a client or the config says an agent is (no id, owner or times).
struct AgentFields {
  std::string name;
  std::string backend;
  std::string model;
  std::vector<std::string> system_prompts;
  std::vector<std::string> tools;
  std::optional<std::string> strategy; // one instance name or a chain "a, b"
  std::string params_json = "{}";      // a JSON object
};

struct AgentRecord {
  std::string id;
  std::string owner_id;
  AgentFields fields;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// A PATCH: only the fields that are set change.
struct AgentChanges {
  std::optional<std::string> name;
  std::optional<std::string> backend;
  std::optional<std::string> model;
  std::optional<std::vector<std::string>> system_prompts;
  std::optional<std::vector<std::string>> tools;
  std::optional<std::optional<std::string>> strategy; // set to nullopt-inside to clear
  std::optional<std::string> params_json;
};

struct ConversationRecord {
  std::string id;
  std::string owner_id;
  std::string agent_id;
  std::optional<std::string> title;
  std::string status = "idle"; // idle | running | failed
  std::int64_t turn_count = 0;
  std::int64_t total_tokens = 0;
  std::int64_t last_activity_at = 0;
  std::int64_t created_at = 0;
  std::optional<std::string> active_job_id; // the turn (job) running now; set while status is running
};

struct ToolCallRecord {
  std::string id;
  std::string message_id;
  std::string name;
  std::string arguments_json = "{}";
  std::string status = "pending"; // pending | succeeded | failed
  std::optional<std::string> result_json;
  std::optional<std::string> error;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> completed_at;
};

struct MessageRecord {
  std::string id;
  std::string conversation_id;
  std::string role;    // user | assistant | tool | system
  std::string content;
  std::string status = "complete"; // complete | incomplete | failed
  std::optional<std::int64_t> token_estimate;
  std::optional<std::string> tool_call_id;
  std::int64_t created_at = 0;
  std::vector<ToolCallRecord> tool_calls;
  std::vector<std::string> attachments; // document ids, in the order given
  std::vector<std::string> attachment_names; // their filenames, same order (loaded with them)
};

struct ConversationDetail {
  ConversationRecord conversation;
  std::vector<MessageRecord> messages; // oldest first
};

} // namespace agenthost::store
