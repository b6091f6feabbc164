#include "pull_stream_parser.hpp"

#include "chat_stream_parser.hpp"

#include "agenthost/sdk_types.hpp"

namespace ollama {

namespace json = agenthost::json;

void PullStreamParser::feed(std::string_view chunk) {
  splitter_.feed(chunk, [this](std::string_view line) { on_line(line); });
}

void PullStreamParser::finish() {
  splitter_.finish([this](std::string_view line) { on_line(line); });
  if (!succeeded_) {
    throw agenthost::CallError::upstream("the Ollama pull stream ended before reporting \"success\"; the model may be incomplete "
                      "(pull it again to resume)");
  }
}

void PullStreamParser::on_line(std::string_view line) {
  if (agenthost::LineSplitter::is_blank(line)) return;
  ++line_number_;
  const json::Value object = parse_stream_line(line, line_number_);
  throw_if_error_line(object);
  try {
    const std::string status = object.get_or<std::string>("status", "");
    on_progress_(status, object.get_or<int64_t>("completed", 0), object.get_or<int64_t>("total", 0));
    if (status == "success") succeeded_ = true;
  } catch (const json::TypeError& e) {
    throw agenthost::CallError::upstream("Ollama sent pull progress line " + std::to_string(line_number_) +
                      " with a field of the wrong type (" + e.what() + "): " + agenthost::quote_for_message(line, 80));
  }
}

} // namespace ollama
