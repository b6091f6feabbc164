// Turns the data payloads of an OpenAI chat-completion stream into the host's events:
//
//   {"choices":[{"index":0,"delta":{"content":"Hel"}}]}            -> TEXT_DELTA "Hel"
//   {"choices":[{"delta":{"tool_calls":[{"index":1,"id":"c2",
//       "function":{"name":"f","arguments":"{\"a\""}}]}}]}         -> TOOL_CALL_DELTA (index 1)
//   {"choices":[{"delta":{},"finish_reason":"tool_calls"}]}        -> one TOOL_CALL per index
//   {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3}} (kept for the end)
//   [DONE]                                                          -> USAGE, then FINISH
//
// Tool calls arrive as fragments keyed by index, possibly interleaved; each call is emitted
// complete, in index order, when its choice finishes. Only choice 0 is read (we never ask for n>1).
#pragma once

#include "agenthost/sdk_types.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace openai_backend {

class StreamDecoder {
public:
  explicit StreamDecoder(agenthost::Call& call) : call_(call) {}

  // One SSE data payload. Throws CallError::upstream for a payload that is not JSON, an error
  // object inside the stream, or a tool call without a name.
  void on_data(std::string_view data);

  // The body ended. Emits the tool calls not yet emitted, usage and FINISH; throws
  // CallError::upstream when the stream stopped before the response was complete.
  void on_end();

  bool done() const { return done_; }
  // Whether any content event went out (for messages about cut-off streams).
  bool emitted_content() const { return emitted_content_; }

private:
  struct PendingToolCall {
    std::string id, name, arguments;
  };
  void on_choice(const agenthost::json::Value& choice);
  void on_tool_call_delta(const agenthost::json::Value& delta, int position);
  void emit_tool_calls();

  agenthost::Call& call_;
  std::map<int, PendingToolCall> tool_calls_; // by the provider's index, so emitted in order
  bool tool_calls_emitted_ = false;
  std::string finish_reason_;
  std::optional<std::pair<int64_t, int64_t>> usage_; // input, output
  bool done_ = false;
  bool emitted_content_ = false;
};

} // namespace openai_backend
