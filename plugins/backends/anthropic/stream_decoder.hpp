// Turns the events of a Messages API stream (already split by SseParser) into SDK events: text
// deltas, tool calls assembled from their `input_json_delta` pieces, usage and the finish reason.
//
//   message_start        -> input (and first output) token counts
//   content_block_start  -> a text, thinking or tool_use block at an index
//   content_block_delta  -> text_delta: TEXT_DELTA; thinking_delta: REASONING_DELTA;
//                           input_json_delta: TOOL_CALL_DELTA, accumulated per block
//   content_block_stop   -> for tool_use: one complete TOOL_CALL with the parsed-checked input
//   message_delta        -> stop_reason, output token count
//   message_stop         -> USAGE, then FINISH
//   ping                 -> KEEPALIVE (proves the connection lives; not content)
//   error                -> CallError with the provider's message
//
// Fast path: a text_delta (the bulk of every stream) is read with the SDK's validating scanner,
// and once its layout is known, later deltas of the same layout only have their text read
// (json::scan::Shape). Anything else goes through json::parse; both yield the same events
// (tests/fast_path_test.cpp).
#pragma once

#include "agenthost/json/scan.hpp"
#include "agenthost/json/shape.hpp"
#include "agenthost/sdk_types.hpp"
#include "agenthost/stream_lines.hpp"

#include <cstdint>
#include <map>
#include <string>

namespace anthropic {

class StreamDecoder {
public:
  // `fast_path` false sends every event through json::parse (for tests comparing the two).
  StreamDecoder(agenthost::Call& call, std::string api_key, bool fast_path = true);

  // Handles one event; throws CallError for an `error` event or an event that is malformed.
  void handle(const agenthost::SseEvent& event);
  // Events the fast path handled.
  std::size_t fast_events() const { return fast_events_; }

  // True once `message_stop` arrived: the response is complete.
  bool finished() const { return finished_; }
  // True once any event of the protocol arrived (the body is an event stream at all).
  bool saw_protocol_event() const { return saw_event_; }

private:
  struct Block {
    std::string kind; // text | tool_use | thinking | anything newer (ignored)
    std::string id, name;
    std::string input_json; // tool_use: the input_json_delta pieces so far
    int tool_index = -1;    // tool_use: position among this response's tool calls
  };

  bool try_fast_text_delta(std::string_view data);
  void on_message_start(const agenthost::json::Value& data);
  void on_block_start(const agenthost::json::Value& data);
  void on_block_delta(const agenthost::json::Value& data);
  void on_block_stop(const agenthost::json::Value& data);
  void on_message_delta(const agenthost::json::Value& data);
  void on_message_stop();
  Block& block_at(const agenthost::json::Value& data, const char* event);

  agenthost::Call& call_;
  const std::string api_key_;
  std::map<int64_t, Block> blocks_;
  int tool_calls_ = 0;
  int64_t input_tokens_ = 0, output_tokens_ = 0;
  std::string stop_reason_;
  bool started_ = false, finished_ = false, saw_event_ = false;
  const bool fast_path_;
  std::size_t fast_events_ = 0;
  int64_t fast_index_ = -1; // the block index in the learned layout
  std::string scratch_;
  agenthost::json::scan::Holes holes_;
  agenthost::json::scan::Shape shape_;
};

// The SDK's finish reason for an Anthropic stop_reason.
std::string finish_reason_for(std::string_view stop_reason);

} // namespace anthropic
