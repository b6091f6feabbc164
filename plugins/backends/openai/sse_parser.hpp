// An incremental parser for Server-Sent Events (the WHATWG "text/event-stream" format) as
// OpenAI-compatible servers stream them. Bytes arrive in arbitrary pieces: a line, even a CRLF
// pair, may be split across two chunks, so the parser keeps the unfinished line between feeds.
//
//   SseParser parser([&](const SseEvent& e) { ... }, [&] { /* comment: keep-alive */ });
//   parser.feed(chunk); ...; parser.finish();
//
// Rules followed: lines end with LF, CRLF or CR; a line starting with ':' is a comment; "field:
// value" drops one space after the colon; several data lines join with '\n'; a blank line
// dispatches the event (nothing is dispatched when no data line came); unknown fields are
// ignored; a UTF-8 BOM at the very start is skipped.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace openai_backend {

struct SseEvent {
  std::string type; // the "event:" field; empty means the default "message"
  std::string data;
};

class SseParser {
public:
  using EventHandler = std::function<void(const SseEvent&)>;
  using CommentHandler = std::function<void(std::string_view comment)>;

  // A line or event longer than this is refused: no legitimate chunk comes near it, and an
  // endless line from a broken server must not grow memory without bound.
  static constexpr std::size_t kDefaultMaxEventBytes = 16u * 1024u * 1024u;

  explicit SseParser(EventHandler on_event, CommentHandler on_comment = {},
                     std::size_t max_event_bytes = kDefaultMaxEventBytes);

  // Parses the next piece of the stream. Handlers run before feed returns; an exception they
  // throw propagates out of feed (the parser must not be fed again afterwards).
  void feed(std::string_view chunk);

  // The stream ended. The spec discards an event that was not followed by a blank line; we
  // dispatch it, because some compatible servers omit the final blank line after "[DONE]".
  void finish();

  // Total bytes fed so far (for messages).
  std::size_t bytes_seen() const { return bytes_seen_; }

private:
  void leave_stream_start();
  void parse(std::string_view chunk);
  void process_line(std::string_view line);
  void dispatch();
  void check_size(std::size_t size) const;

  EventHandler on_event_;
  CommentHandler on_comment_;
  std::size_t max_event_bytes_;
  std::string partial_line_;      // bytes after the last line ending
  bool skip_leading_lf_ = false;  // the previous chunk ended in CR: a following LF belongs to it
  bool at_stream_start_ = true;   // for the BOM
  std::size_t bytes_seen_ = 0;
  SseEvent pending_;
  bool has_data_ = false;
};

} // namespace openai_backend
