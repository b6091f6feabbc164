// Turns the NDJSON body of Ollama's POST /api/chat (stream: true) into chat events, chunk by
// chunk as the bytes arrive. Independent of the host, so the benchmark can feed it recorded
// bytes directly.
//
// Each line is {"model","created_at","message":{"role","content","thinking"?,"tool_calls"?},
// "done":false}; the last one has "done":true with "done_reason", "prompt_eval_count" and
// "eval_count". A line {"error":"..."} is Ollama reporting a failure mid-stream.
#pragma once

#include "ndjson_splitter.hpp"

#include "agenthost/json.hpp"

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
  ChatStreamParser(ChatEventSink& sink, std::string call_id_prefix);

  // Throws StreamError on an error line, a line that is not a JSON object, or an overlong line.
  void feed(std::string_view chunk);
  // Call once the body has ended. Throws StreamError when the final "done" line never came.
  void finish();

  bool done() const { return done_; }
  int tool_calls_emitted() const { return tool_calls_; }

private:
  void on_line(std::string_view line);
  void on_message(const agenthost::json::Value& message);
  void on_done(const agenthost::json::Value& line);

  ChatEventSink& sink_;
  const std::string call_id_prefix_;
  NdjsonSplitter splitter_;
  bool done_ = false;
  int tool_calls_ = 0;
  std::size_t line_number_ = 0;
};

// Shared with the pull stream parser. Parses `line` as a JSON object, throwing StreamError naming `line_number` when it is not one.
agenthost::json::Value parse_stream_line(std::string_view line, std::size_t line_number);
// Throws StreamError carrying Ollama's text when `object` is an {"error": ...} line.
void throw_if_error_line(const agenthost::json::Value& object);

} // namespace ollama
