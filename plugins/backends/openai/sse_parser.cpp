#include "sse_parser.hpp"

#include <stdexcept>
#include <utility>

namespace openai_backend {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Position of the first CR or LF at or after `from`, or npos.
std::size_t find_line_end(std::string_view text, std::size_t from) {
  for (std::size_t i = from; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r') return i;
  }
  return std::string_view::npos;
}

} // namespace

SseParser::SseParser(EventHandler on_event, CommentHandler on_comment, std::size_t max_event_bytes)
    : on_event_(std::move(on_event)), on_comment_(std::move(on_comment)), max_event_bytes_(max_event_bytes) {}

void SseParser::feed(std::string_view chunk) {
  bytes_seen_ += chunk.size();
  if (!at_stream_start_) return parse(chunk);
  // The BOM itself may be split across chunks: hold bytes until it is known whether one is there.
  partial_line_.append(chunk);
  if (partial_line_.size() < kUtf8Bom.size() && kUtf8Bom.substr(0, partial_line_.size()) == partial_line_) return;
  leave_stream_start();
}

void SseParser::leave_stream_start() {
  at_stream_start_ = false;
  const std::string buffered = std::move(partial_line_);
  partial_line_.clear();
  std::string_view rest = buffered;
  if (rest.substr(0, kUtf8Bom.size()) == kUtf8Bom) rest.remove_prefix(kUtf8Bom.size());
  parse(rest);
}

void SseParser::parse(std::string_view chunk) {
  if (chunk.empty()) return;
  if (skip_leading_lf_) {
    skip_leading_lf_ = false;
    if (chunk.front() == '\n') chunk.remove_prefix(1);
  }
  std::size_t start = 0;
  while (start < chunk.size()) {
    const std::size_t end = find_line_end(chunk, start);
    if (end == std::string_view::npos) {
      check_size(partial_line_.size() + (chunk.size() - start));
      partial_line_.append(chunk.substr(start));
      return;
    }
    if (partial_line_.empty()) {
      process_line(chunk.substr(start, end - start)); // the common case: no copy
    } else {
      partial_line_.append(chunk.substr(start, end - start));
      const std::string line = std::move(partial_line_);
      partial_line_.clear();
      process_line(line);
    }
    start = end + 1;
    if (chunk[end] == '\r') {
      if (start < chunk.size()) {
        if (chunk[start] == '\n') ++start;
      } else {
        skip_leading_lf_ = true; // CR was the chunk's last byte: its LF may start the next one
      }
    }
  }
}

void SseParser::finish() {
  if (at_stream_start_) leave_stream_start();
  if (!partial_line_.empty()) {
    const std::string line = std::move(partial_line_);
    partial_line_.clear();
    process_line(line);
  }
  dispatch();
}

void SseParser::process_line(std::string_view line) {
  if (line.empty()) return dispatch();
  if (line.front() == ':') {
    if (on_comment_) on_comment_(line.substr(1));
    return;
  }
  const std::size_t colon = line.find(':');
  std::string_view field = line.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "data") {
    check_size(pending_.data.size() + value.size() + 1);
    if (has_data_) pending_.data.push_back('\n');
    pending_.data.append(value);
    has_data_ = true;
  } else if (field == "event") {
    pending_.type.assign(value);
  }
  // "id", "retry" and unknown fields do not matter to a one-shot chat stream.
}

void SseParser::dispatch() {
  if (has_data_) {
    SseEvent event = std::move(pending_);
    pending_ = SseEvent{};
    has_data_ = false;
    on_event_(event);
    return;
  }
  pending_ = SseEvent{};
}

void SseParser::check_size(std::size_t size) const {
  if (size > max_event_bytes_) {
    throw std::length_error("a server-sent event line or event exceeds " + std::to_string(max_event_bytes_) +
                            " bytes; the stream is not a chat completion stream");
  }
}

} // namespace openai_backend
