// The script of the `scripted` backend: an ordered list of canned replies, each chosen by the
// last user message and played back step by step (README.md documents the file format).
//
// A script is read and checked completely when the instance is created, so a mistake in it
// fails the host's start-up with the file name and the position of the bad step, and a chat
// can never fail because of the script's shape. After loading, a Script is immutable and safe
// to read from any number of threads.
#pragma once

#include "pattern.hpp"

#include "agenthost/plugin.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scripted {

enum class StepKind {
  text,      // visible reply text, streamed token by token
  reasoning, // "thinking" text, streamed like text but as reasoning deltas
  tool_call, // one tool call: argument fragments as deltas, then the complete call
  usage,     // token counts to report instead of the computed ones
  error,     // fail the call here with a status and message
  finish,    // end the response with a finish reason
  pause,     // wait, emitting nothing (to exercise timeouts and cancellation)
};

struct Step {
  StepKind kind = StepKind::text;
  // text / reasoning: the content; finish: the reason; error: the message.
  std::string text;
  // text / reasoning / tool_call: the wait before each delta (unset: the instance's
  // token_delay_ms); pause: how long to wait.
  std::optional<int64_t> delay_ms;
  // tool_call: the tool's name, an explicit id (empty: generated) and the arguments as JSON
  // text exactly as they will be emitted (a script may give deliberately malformed text).
  std::string tool_name;
  std::string tool_id;
  std::string arguments;
  // usage: the counts to report; an unset one is computed.
  std::optional<int64_t> input_tokens;
  std::optional<int64_t> output_tokens;
  // error: the status the call fails with.
  ah_status status = AH_OK;
};

struct Reply {
  std::string match;                     // lower-cased; a case-insensitive substring; empty: unused
  std::optional<MessagePattern> regex;   // unset: unused
  std::vector<Step> steps;               // the response to the user message
  std::optional<std::vector<Step>> then; // the response once tool results have come back

  // A reply with neither `match` nor `regex` answers any message.
  bool is_default() const { return match.empty() && !regex; }
  bool matches(std::string_view user_text) const;
};

struct Script {
  std::vector<std::string> models; // never empty after loading
  std::vector<Reply> replies;

  // The first reply whose condition fits `user_text`, or nullptr when none does.
  const Reply* find(std::string_view user_text) const;
};

// Reads and checks the script at `path`. Throws agenthost::CallError (invalid argument) whose
// message names the file and, for a bad entry, its position, e.g.
//   "script /etc/agenthost/demo.json: replies[1].steps[2]: unknown step kind 'txt'; ..."
Script load_script(const std::string& path);

// The same for script text already in memory; `source` names it in messages.
Script parse_script(std::string_view text, const std::string& source);

} // namespace scripted
