#include "sse_parser.hpp"

#include <stdexcept>
#include <utility>

namespace anthropic {

SseParser::SseParser(Handler on_event, std::size_t max_line_bytes)
    : on_event_(std::move(on_event)), max_line_bytes_(max_line_bytes) {}

void SseParser::feed(std::string_view bytes) {
  if (bytes.empty()) return;
  if (skip_leading_lf_) {
    skip_leading_lf_ = false;
    if (bytes.front() == '\n') bytes.remove_prefix(1);
  }
  // Lines are cut straight out of the incoming piece; only a line split across pieces is copied.
  std::size_t start = 0;
  while (start < bytes.size()) {
    const std::size_t end = bytes.find_first_of("\r\n", start);
    if (end == std::string_view::npos) break;
    if (pending_.empty()) {
      take_line(bytes.substr(start, end - start));
    } else {
      pending_.append(bytes.substr(start, end - start));
      const std::string line = std::move(pending_);
      pending_.clear();
      take_line(line);
    }
    start = end + 1;
    if (bytes[end] == '\r') {
      if (start == bytes.size()) skip_leading_lf_ = true; // "\r" | "\n" split across pieces
      else if (bytes[start] == '\n') ++start;
    }
  }
  if (start < bytes.size()) {
    if (pending_.size() + (bytes.size() - start) > max_line_bytes_)
      throw std::length_error("an event-stream line is longer than " + std::to_string(max_line_bytes_) + " bytes");
    pending_.append(bytes.substr(start));
  }
}

bool SseParser::has_partial_event() const { return event_started_ || !pending_.empty(); }

void SseParser::take_line(std::string_view line) {
  if (line.empty()) return dispatch();
  event_started_ = true;
  if (line.front() == ':') return; // a comment (servers use them as keep-alives)
  std::string_view field = line;
  std::string_view value;
  if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
    field = line.substr(0, colon);
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  }
  if (field == "event") {
    event_.type.assign(value);
  } else if (field == "data") {
    if (event_has_data_) event_.data.push_back('\n');
    event_.data.append(value);
    event_has_data_ = true;
  }
  // `id`, `retry` and unknown fields do not matter to this client.
}

void SseParser::dispatch() {
  // Per the spec an event without data is dropped, and its type with it.
  if (event_has_data_) {
    if (event_.type.empty()) event_.type = "message";
    on_event_(event_);
  }
  event_.type.clear();
  event_.data.clear();
  event_has_data_ = false;
  event_started_ = false;
}

} // namespace anthropic
