#include "runtime/turn_context.hpp"

#include "common/error.hpp"
#include "plugins/call_status.hpp"
#include "runtime/context_messages.hpp"
#include "store/agent_store.hpp"
#include "store/conversation_store.hpp"

namespace agenthost::runtime {

std::optional<TurnContext> load_turn_context(store::Database& database, std::string_view owner_id,
                                             std::string_view conversation_id) {
  store::ConversationStore conversations(database);
  std::optional<store::ConversationDetail> transcript = conversations.find_detail(owner_id, conversation_id);
  if (!transcript) return std::nullopt;
  store::AgentStore agents(database);
  std::optional<store::AgentRecord> agent = agents.find(owner_id, transcript->conversation.agent_id);
  if (!agent) return std::nullopt;
  return TurnContext{std::move(*transcript), std::move(*agent)};
}

ToolSpec ToolSpecs::describe(const std::string& name) {
  plugins::Instance* tool = instances_.find(plugins::ComponentKind::tool, name);
  if (tool == nullptr) {
    throw Error(ErrorKind::unprocessable, "the agent uses tool '" + name +
                                              "', which is not configured on this host; add a [tool." + name +
                                              "] section or remove it from the agent");
  }
  plugins::CollectingSink sink;
  if (tool->describe(sink) != AH_OK) {
    throw Error(ErrorKind::unprocessable, "tool '" + name + "' could not describe itself: " + sink.error_message());
  }
  ToolSpec spec;
  spec.name = name;
  try {
    const json::Value described = json::parse(sink.result());
    spec.description = described.get_or("description", "");
    if (const json::Value* parameters = described.find("parameters"); parameters && parameters->is_object()) {
      spec.parameters = *parameters;
    }
  } catch (const std::exception& error) {
    throw Error(ErrorKind::unprocessable,
                "tool '" + name + "' described itself with something other than a JSON object: " + error.what());
  }
  return spec;
}

std::vector<ToolSpec> ToolSpecs::for_tools(const std::vector<std::string>& names) {
  std::vector<ToolSpec> specs;
  for (const std::string& name : names) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (auto found = cache_.find(name); found != cache_.end()) {
        specs.push_back(found->second);
        continue;
      }
    }
    ToolSpec spec = describe(name); // outside the lock: a slow plugin must not stall other turns
    std::lock_guard<std::mutex> lock(mutex_);
    specs.push_back(cache_.emplace(name, std::move(spec)).first->second);
  }
  return specs;
}

ChatRequest build_chat_request(const TurnContext& context, std::vector<ToolSpec> tools) {
  return chat_request_of(context.agent, context_messages(context, MessageTokens()), std::move(tools));
}

} // namespace agenthost::runtime
