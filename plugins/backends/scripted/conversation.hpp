// What the scripted backend reads from a chat request: which user message it answers, whether
// it is being handed tool results, and the numbers it reports.
#pragma once

#include "agenthost/sdk.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scripted {

// The content of the last message with role "user" ("" when there is none).
std::string_view last_user_text(const agenthost::ChatRequest& request);

// True when the request ends with tool results, i.e. the model is asked to go on after its
// own tool calls.
bool ends_with_tool_results(const agenthost::ChatRequest& request);

// The trailing tool results as text, one "name: content" line each: the echo mode's answer to
// tool results, and the scripted one's when a reply has no `then`.
std::string describe_tool_results(const agenthost::ChatRequest& request);

// Tool calls already made in the conversation, so that generated ids never repeat in it.
int64_t count_tool_calls(const agenthost::ChatRequest& request);

// The estimated input tokens: the sum over messages of their content and tool-call arguments.
int64_t estimate_input_tokens(const agenthost::ChatRequest& request, const agenthost::HostServices& host);

// params.max_tokens when given. Throws CallError (invalid argument) unless it is a positive integer.
std::optional<int64_t> max_output_tokens(const agenthost::ChatRequest& request);

} // namespace scripted
