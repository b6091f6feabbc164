#include "conversation.hpp"

#include <iterator>

namespace scripted {

namespace json = agenthost::json;

std::string_view last_user_text(const agenthost::ChatRequest& request) {
  for (auto it = request.messages.rbegin(); it != request.messages.rend(); ++it)
    if (it->role == "user") return it->content;
  return {};
}

bool ends_with_tool_results(const agenthost::ChatRequest& request) {
  return !request.messages.empty() && request.messages.back().role == "tool";
}

std::string describe_tool_results(const agenthost::ChatRequest& request) {
  auto first = request.messages.end();
  while (first != request.messages.begin() && std::prev(first)->role == "tool") --first;
  std::string text;
  for (auto it = first; it != request.messages.end(); ++it) {
    if (!text.empty()) text += "\n";
    text += (it->name.empty() ? std::string("tool") : it->name) + ": " + it->content;
  }
  return text;
}

int64_t count_tool_calls(const agenthost::ChatRequest& request) {
  int64_t calls = 0;
  for (const agenthost::Message& m : request.messages) calls += static_cast<int64_t>(m.tool_calls.size());
  return calls;
}

int64_t estimate_input_tokens(const agenthost::ChatRequest& request, const agenthost::HostServices& host) {
  int64_t tokens = 0;
  for (const agenthost::Message& m : request.messages) {
    tokens += host.estimate_tokens(m.content, request.model);
    for (const agenthost::ToolCall& call : m.tool_calls) tokens += host.estimate_tokens(call.arguments, request.model);
  }
  return tokens;
}

std::optional<int64_t> max_output_tokens(const agenthost::ChatRequest& request) {
  const json::Value* limit = request.params.find("max_tokens");
  if (!limit || limit->is_null()) return std::nullopt;
  if (!limit->is_int() || limit->as_int() <= 0) {
    throw agenthost::CallError::invalid_argument("params.max_tokens must be a positive integer, got " + json::dump(*limit));
  }
  return limit->as_int();
}

} // namespace scripted
