#include "chat_stream_parser.hpp"

#include "agenthost/json/scan.hpp"
#include "agenthost/sdk_types.hpp"

#include <utility>

namespace ollama {

namespace json = agenthost::json;
using agenthost::CallError;

json::Value parse_stream_line(std::string_view line, std::size_t line_number) {
  json::Value value;
  try {
    value = json::parse(line);
  } catch (const json::ParseError& e) {
    throw CallError::upstream("Ollama sent a malformed line " + std::to_string(line_number) + " in its NDJSON stream (" +
                      e.detail() + "): " + agenthost::quote_for_message(line, 80));
  }
  if (!value.is_object()) {
    throw CallError::upstream("Ollama sent line " + std::to_string(line_number) +
                      " of its NDJSON stream that is not a JSON object: " + agenthost::quote_for_message(line, 80));
  }
  return value;
}

void throw_if_error_line(const json::Value& object) {
  const json::Value* error = object.find("error");
  if (!error || error->is_null()) return;
  const std::string text = error->is_string() ? error->as_string() : json::dump(*error);
  throw CallError::upstream("Ollama reported an error: " + text);
}

ChatStreamParser::ChatStreamParser(ChatEventSink& sink, std::string call_id_prefix, bool fast_path)
    : sink_(sink), call_id_prefix_(std::move(call_id_prefix)), fast_path_(fast_path) {}

void ChatStreamParser::feed(std::string_view chunk) {
  auto line = [this](std::string_view text) { on_line(text); };
  if (!fast_path_) return splitter_.feed(chunk, line);
  splitter_.feed(chunk, [this](std::string_view rest) { return claim_known_line(rest); }, line);
}

void ChatStreamParser::finish() {
  splitter_.finish([this](std::string_view line) { on_line(line); });
  if (!done_) {
    throw CallError::upstream("the Ollama stream ended before its final \"done\" line; the response is incomplete "
                      "(the server stopped or the connection was cut)");
  }
}

void ChatStreamParser::on_line(std::string_view line) {
  if (agenthost::LineSplitter::is_blank(line)) return;
  ++line_number_;
  // Anything after the final line belongs to no response: ignore it rather than guess.
  if (done_) return;
  if (fast_path_ && try_fast_line(line)) {
    ++fast_lines_;
    return;
  }
  const json::Value object = parse_stream_line(line, line_number_);
  throw_if_error_line(object);
  try {
    if (const json::Value* message = object.find("message"); message && message->is_object()) on_message(*message);
    if (object.get_or<bool>("done", false)) on_done(object);
  } catch (const json::TypeError& e) {
    throw CallError::upstream("Ollama sent line " + std::to_string(line_number_) + " with a field of the wrong type (" +
                      e.what() + "): " + agenthost::quote_for_message(line, 80));
  }
}

// A line at the start of `rest` with the layout of the last fast line, handled as on_line would
// handle it: the bytes it took with its "\n", or 0 (nothing done) when it is not such a line.
// The match stops at the end of the layout, so a "\n" right after it ends the line; a "\r" there
// (a CRLF stream) is left to on_line, which drops it.
std::size_t ChatStreamParser::claim_known_line(std::string_view rest) {
  if (done_) return 0;
  std::string_view content;
  const std::size_t length = shape_.match_prefix(rest, content, scratch_);
  if (length == 0 || length == rest.size() || rest[length] != '\n') return 0;
  ++line_number_;
  ++fast_lines_;
  if (!content.empty()) sink_.text(content);
  return length + 1;
}

// The common line, {"model","created_at","message":{"role","content"},"done":false} in any key
// order with any further top-level fields, read without building a tree. Returns false — having
// emitted nothing — for anything else: an error, thinking or tool calls, the final line, a
// duplicate key that matters (json::parse keeps the last), text the scanner gives up on.
bool ChatStreamParser::try_fast_line(std::string_view line) {
  std::string_view content;
  // Most lines repeat the previous line's layout: then only the strings in it need reading.
  if (shape_.match(line, content, scratch_)) {
    if (!content.empty()) sink_.text(content);
    return true;
  }
  holes_.spans.clear();
  holes_.target = -1;
  json::scan::Scanner scan(line, &holes_);
  if (!scan.enter_object()) return false;
  std::string_view key;
  bool saw_message = false, saw_done = false;
  while (scan.next_member(key)) {
    if (key == "message") {
      if (saw_message || !scan.enter_object()) return false;
      saw_message = true;
      bool saw_content = false;
      while (scan.next_member(key)) {
        if (key == "content") {
          if (saw_content || !scan.read_target_string(content, scratch_)) return false;
          saw_content = true;
        } else if (key != "role" || !scan.skip_value()) {
          return false; // thinking, tool_calls, images, anything newer: the full parse decides
        }
      }
    } else if (key == "done") {
      bool done = true;
      if (saw_done || !scan.read_bool(done) || done) return false;
      saw_done = true;
    } else if (key == "error" || !scan.skip_value()) {
      return false;
    }
  }
  if (!saw_message || !scan.finished()) return false;
  if (!content.empty()) sink_.text(content);
  shape_.learn(line, holes_);
  return true;
}

void ChatStreamParser::on_message(const json::Value& message) {
  if (const json::Value* thinking = message.find("thinking"); thinking && thinking->is_string()) {
    if (!thinking->as_string().empty()) sink_.reasoning(thinking->as_string());
  }
  if (const json::Value* content = message.find("content"); content && content->is_string()) {
    if (!content->as_string().empty()) sink_.text(content->as_string());
  }
  const json::Value* calls = message.find("tool_calls");
  if (!calls || !calls->is_array()) return;
  for (const json::Value& call : calls->as_array()) {
    const json::Value& function = call["function"];
    const json::Value* name = function.find("name");
    if (!name || !name->is_string() || name->as_string().empty()) {
      throw CallError::upstream("Ollama sent a tool call without a function name on line " + std::to_string(line_number_));
    }
    // Arguments arrive as a JSON object; hosts and models expect the JSON text of it.
    const json::Value* arguments = function.find("arguments");
    std::string arguments_json = "{}";
    if (arguments && arguments->is_string()) arguments_json = arguments->as_string();
    else if (arguments && !arguments->is_null()) arguments_json = json::dump(*arguments);
    // Newer servers may send an id of their own; keep it when they do.
    const json::Value* id = call.find("id");
    const std::string call_id = id && id->is_string() && !id->as_string().empty()
                                    ? id->as_string()
                                    : call_id_prefix_ + std::to_string(tool_calls_);
    sink_.tool_call(tool_calls_, call_id, name->as_string(), arguments_json);
    ++tool_calls_;
  }
}

void ChatStreamParser::on_done(const json::Value& line) {
  done_ = true;
  sink_.usage(line.get_or<int64_t>("prompt_eval_count", 0), line.get_or<int64_t>("eval_count", 0));
  const std::string done_reason = line.get_or<std::string>("done_reason", "stop");
  // Ollama says "stop" even when the model ended by calling tools; the host wants to know.
  if (done_reason == "length") sink_.finish("length");
  else if (tool_calls_ > 0) sink_.finish("tool_calls");
  else sink_.finish("stop");
}

} // namespace ollama
