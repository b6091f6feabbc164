// The body of POST /v1/messages for an SDK chat request: system prompts go to the top-level
// "system", tool calls become tool_use blocks, tool results become tool_result blocks in a user
// message, and consecutive messages of one role are merged (the API wants roles to alternate,
// and every result of one round of tool calls in a single user message).
#pragma once

#include "agenthost/chat.hpp"
#include "agenthost/json.hpp"

#include <cstdint>

namespace anthropic {

// Throws CallError::invalid_argument for a request the API would refuse for a reason the
// caller can fix (no model, a non-positive max_tokens, tool-call arguments that are not JSON).
agenthost::json::Value messages_request_body(const agenthost::ChatRequest& request, int64_t default_max_tokens);

} // namespace anthropic
