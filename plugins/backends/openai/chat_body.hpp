// Maps the host's ChatRequest onto the body of POST {base_url}/chat/completions, streaming with
// usage: messages (system, user, assistant with tool_calls, tool results), tools as functions,
// and the sampling parameters OpenAI-compatible servers share.
#pragma once

#include "agenthost/chat.hpp"
#include "agenthost/json.hpp"

#include <string>

namespace openai_backend {

struct BodyOptions {
  // "max_tokens" (every compatible server) or "max_completion_tokens" (OpenAI's newer models,
  // which refuse max_tokens).
  std::string max_tokens_field = "max_tokens";
};

// Throws CallError::invalid_argument naming the message or parameter that cannot be sent.
agenthost::json::Value chat_body(const agenthost::ChatRequest& request, const BodyOptions& options);

} // namespace openai_backend
