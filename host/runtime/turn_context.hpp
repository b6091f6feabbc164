// What a turn needs before it calls the backend, loaded in a fixed number of statements
// whatever the length of the conversation: the conversation with every message, tool call and
// attachment (four), and the agent with its tools and system prompts (three).
#pragma once

#include "plugins/instance.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

#include <agenthost/chat.hpp>

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::runtime {

struct TurnContext {
  store::ConversationDetail transcript;
  store::AgentRecord agent;
};

// nullopt when the conversation (or its agent) is gone, e.g. deleted while the turn was queued.
std::optional<TurnContext> load_turn_context(store::Database& database, std::string_view owner_id,
                                             std::string_view conversation_id);

// The tool specs the backend is offered, from each tool instance's describe(); asked once per
// instance and kept, since a configured instance does not change while the host runs.
class ToolSpecs {
public:
  explicit ToolSpecs(const plugins::InstanceDirectory& instances) : instances_(instances) {}
  // Throws Error(unprocessable) naming a tool the agent lists that is not configured or whose
  // describe() fails.
  std::vector<ToolSpec> for_tools(const std::vector<std::string>& names);

private:
  ToolSpec describe(const std::string& name);

  const plugins::InstanceDirectory& instances_;
  std::mutex mutex_;
  std::map<std::string, ToolSpec, std::less<>> cache_;
};

// The chat request with the whole context: the agent's system prompts, then the transcript
// (user, assistant with its tool calls, tool results), the tools and the agent's params. A
// turn sends what the agent's strategy chain keeps of it instead (context_filter.hpp).
ChatRequest build_chat_request(const TurnContext& context, std::vector<ToolSpec> tools);

} // namespace agenthost::runtime
