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
//
// Fast path: a plain text chunk (one choice, index 0, delta {role?, content}, finish_reason null,
// usage null or absent) is read with the SDK's validating scanner, and once its layout is known,
// later chunks of the same layout only have their content string read (json::scan::Shape).
// Anything else goes through json::parse; both yield the same events (tests/fast_path_test.cpp).
#pragma once

#include "agenthost/json/scan.hpp"
#include "agenthost/json/shape.hpp"
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
  // `fast_path` false sends every payload through json::parse (for tests comparing the two).
  explicit StreamDecoder(agenthost::Call& call, bool fast_path = true) : call_(call), fast_path_(fast_path) {}

  // One SSE data payload. Throws CallError::upstream for a payload that is not JSON, an error
  // object inside the stream, or a tool call without a name.
  void on_data(std::string_view data);

  // The body ended. Emits the tool calls not yet emitted, usage and FINISH; throws
  // CallError::upstream when the stream stopped before the response was complete.
  void on_end();

  bool done() const { return done_; }
  // Whether any content event went out (for messages about cut-off streams).
  bool emitted_content() const { return emitted_content_; }
  // Payloads the fast path handled.
  std::size_t fast_payloads() const { return fast_payloads_; }

private:
  bool try_fast(std::string_view data);
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
  const bool fast_path_;
  std::size_t fast_payloads_ = 0;
  std::string scratch_;
  agenthost::json::scan::Holes holes_;
  agenthost::json::scan::Shape shape_;
};

} // namespace openai_backend
