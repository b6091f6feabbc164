// An incremental Server-Sent Events parser (the WHATWG event-stream format): bytes go in as they
// arrive, in pieces cut anywhere (even inside a "\r\n"), and each complete event comes out once
// its terminating blank line has been read.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace anthropic {

struct SseEvent {
  std::string type; // the `event:` field; "message" when the event had none
  std::string data; // the `data:` lines joined with "\n"
};

class SseParser {
public:
  using Handler = std::function<void(const SseEvent&)>;

  // `max_line_bytes` bounds one unterminated line, so a peer that never sends a newline cannot
  // make the parser buffer without limit.
  explicit SseParser(Handler on_event, std::size_t max_line_bytes = 16u << 20);

  // Consumes the next piece of the stream; calls the handler for each event it completes.
  // Throws std::length_error when a single line exceeds the limit.
  void feed(std::string_view bytes);

  // True when bytes of an event that never saw its blank line are still pending (the stream
  // ended in the middle of an event).
  bool has_partial_event() const;

private:
  void take_line(std::string_view line);
  void dispatch();

  Handler on_event_;
  std::size_t max_line_bytes_;
  std::string pending_;          // bytes after the last complete line
  bool skip_leading_lf_ = false; // the last line ended with '\r': a following '\n' belongs to it
  SseEvent event_;
  bool event_has_data_ = false;
  bool event_started_ = false;
};

} // namespace anthropic
