// Turns the NDJSON body of Ollama's POST /api/chat (stream: true) into chat events, chunk by
// chunk as the bytes arrive. Independent of the host, so the benchmark can feed it recorded
// bytes directly.
//
// Each line is {"model","created_at","message":{"role","content","thinking"?,"tool_calls"?},
// "done":false}; the last one has "done":true with "done_reason", "prompt_eval_count" and
// "eval_count". A line {"error":"..."} is Ollama reporting a failure mid-stream.
//
// Fast path: a plain content line (message {role, content}, "done": false, nothing else that
// matters) is read with the SDK's validating scanner, without a JSON tree; anything else, or
// anything the scanner does not fully understand, goes through json::parse. Both yield the same
// events (tests/fast_path_test.cpp checks it on generated lines). A line with the layout of the
// last fast line is recognised straight from the chunk, its end found by the match itself rather
// than by a separate search for the newline.
#pragma once

#include "agenthost/json.hpp"
#include "agenthost/json/scan.hpp"
#include "agenthost/json/shape.hpp"
#include "agenthost/stream_lines.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace ollama {

// Where parsed events go (the plugin forwards them to agenthost::Call).
class ChatEventSink {
public:
  virtual ~ChatEventSink() = default;
  virtual void text(std::string_view delta) = 0;
  virtual void reasoning(std::string_view delta) = 0;
  virtual void tool_call(int index, std::string_view id, std::string_view name, std::string_view arguments_json) = 0;
  virtual void usage(int64_t input_tokens, int64_t output_tokens) = 0;
  virtual void finish(std::string_view reason) = 0;
};

class ChatStreamParser {
public:
  // Ollama gives tool calls no ids; each gets `call_id_prefix` + its index in the response,
  // so the same response always yields the same ids.
  // `fast_path` false sends every line through json::parse (for tests comparing the two).
  ChatStreamParser(ChatEventSink& sink, std::string call_id_prefix, bool fast_path = true);

  // Throws CallError::upstream on an error line, a line that is not a JSON object, or an
  // overlong line.
  void feed(std::string_view chunk);
  // Call once the body has ended. Throws CallError::upstream when the final "done" line never came.
  void finish();

  bool done() const { return done_; }
  int tool_calls_emitted() const { return tool_calls_; }
  // Lines the fast path handled (the rest went through json::parse).
  std::size_t fast_lines() const { return fast_lines_; }

private:
  void on_line(std::string_view line);
  std::size_t claim_known_line(std::string_view rest);
  bool try_fast_line(std::string_view line);
  void on_message(const agenthost::json::Value& message);
  void on_done(const agenthost::json::Value& line);

  ChatEventSink& sink_;
  const std::string call_id_prefix_;
  const bool fast_path_;
  agenthost::LineSplitter splitter_{agenthost::LineEndings::lf};
  std::string scratch_; // unescaped content of the line at hand (fast path)
  agenthost::json::scan::Holes holes_;
  agenthost::json::scan::Shape shape_; // the layout of the last fast line
  bool done_ = false;
  int tool_calls_ = 0;
  std::size_t line_number_ = 0;
  std::size_t fast_lines_ = 0;
};

// Shared with the pull stream parser. Parses `line` as a JSON object, throwing
// CallError::upstream naming `line_number` when it is not one.
agenthost::json::Value parse_stream_line(std::string_view line, std::size_t line_number);
// Throws CallError::upstream carrying Ollama's text when `object` is an {"error": ...} line.
void throw_if_error_line(const agenthost::json::Value& object);

} // namespace ollama
