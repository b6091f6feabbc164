#include "runtime/turn_context.hpp"

#include "common/error.hpp"
#include "plugins/call_status.hpp"
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
  ChatRequest request;
  request.model = context.agent.fields.model;
  request.tools = std::move(tools);
  try {
    request.params = json::parse(context.agent.fields.params_json);
  } catch (const json::ParseError&) {
    request.params = json::Value::object(); // validated when stored; never fail a turn over it
  }
  for (const std::string& prompt : context.agent.fields.system_prompts) {
    request.messages.push_back(Message{"system", prompt, {}, {}, {}});
  }
  // Tool messages name their tool; the name lives on the call they answer.
  std::map<std::string, std::string, std::less<>> tool_names;
  for (const store::MessageRecord& message : context.transcript.messages) {
    for (const store::ToolCallRecord& call : message.tool_calls) tool_names[call.id] = call.name;
  }
  for (const store::MessageRecord& stored : context.transcript.messages) {
    Message message;
    message.role = stored.role;
    message.content = stored.content;
    if (stored.role == "assistant") {
      // A reply that failed before saying anything is not part of the conversation.
      if (stored.content.empty() && stored.tool_calls.empty()) continue;
      for (const store::ToolCallRecord& call : stored.tool_calls) {
        message.tool_calls.push_back(ToolCall{call.id, call.name, call.arguments_json});
      }
    } else if (stored.role == "tool") {
      message.tool_call_id = stored.tool_call_id.value_or("");
      if (auto found = tool_names.find(message.tool_call_id); found != tool_names.end()) message.name = found->second;
    }
    request.messages.push_back(std::move(message));
  }
  return request;
}

} // namespace agenthost::runtime
