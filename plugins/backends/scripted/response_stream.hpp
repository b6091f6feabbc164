// Plays one response of the scripted backend onto a call: paced deltas, tool calls, usage and
// exactly one finish, the way a real provider streams them.
//
// Pacing: every delta except the response's first waits its step's delay (token_delay_ms by
// default), so n tokens take (n - 1) delays. Waits are sliced finely and check for
// cancellation, so a cancel lands within a few milliseconds whatever the delay; a cancelled
// call ends with CallError::cancelled() and emits nothing more.
#pragma once

#include "script.hpp"

#include "agenthost/sdk.hpp"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace scripted {

enum class Chunking { word, character };

struct StreamOptions {
  int64_t token_delay_ms = 0;
  Chunking chunking = Chunking::word;
  int64_t input_tokens = 0;    // reported in usage unless a script step gives its own count
  int64_t first_call_number = 1; // generated tool-call ids are call_<n>, n counting up from here
  // The request's params.max_tokens: once this many deltas went out, the response stops with
  // finish "length" (what a provider does when it runs out of output budget).
  std::optional<int64_t> max_output_tokens;
};

class ResponseStream {
public:
  ResponseStream(agenthost::Call& call, StreamOptions options) : call_(call), options_(options) {}

  // Plays `steps`. Unless a step already did, reports usage (input from the options, output =
  // deltas emitted) and finishes with "tool_calls" when the response called tools, else "stop".
  void play(const std::vector<Step>& steps);
  // Streams `text` as the whole reply, with usage and finish "stop".
  void reply(std::string_view text);

private:
  // Each returns false once the response has ended (a finish step or the output budget).
  bool run(const Step& step);
  bool stream_text(ah_event_type type, std::string_view text, int64_t delay_ms);
  bool stream_tool_call(const Step& step, int64_t delay_ms);
  // Paces and counts the next delta; false when the output budget is spent.
  bool next_delta(int64_t delay_ms);
  void wait(int64_t delay_ms) const;
  void end(std::string_view reason);

  agenthost::Call& call_;
  const StreamOptions options_;
  int64_t output_tokens_ = 0;
  int tool_calls_ = 0;
  bool usage_reported_ = false;
};

} // namespace scripted
