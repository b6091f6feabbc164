// agenthost SDK: framing of streamed HTTP bodies — lines (NDJSON) and Server-Sent Events — as
// the bytes arrive in pieces cut anywhere (inside a line, inside a "\r\n", inside a UTF-8 BOM).
// This is the hot path of every streamed model response, so lines inside one piece are handed
// out as views into it and buffers are reused: nothing is allocated per line or per event.
//
//   agenthost::LineSplitter lines(agenthost::LineEndings::lf);       // NDJSON
//   lines.feed(chunk, [&](std::string_view line) { ... });  ...  lines.finish(same);
//
//   agenthost::SseReader sse;                                         // text/event-stream
//   sse.feed(chunk, [&](const agenthost::SseEvent& e) { ... }, [&](std::string_view comment) {});
//
// Both throw CallError::upstream when one line (or event) outgrows its cap: a peer that never
// sends a newline must not grow memory without bound.
#pragma once

#include "agenthost/sdk_types.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace agenthost {

enum class LineEndings {
  lf,  // NDJSON: lines end with "\n"; a "\r" before it is dropped
  any, // event streams: "\n", "\r\n" or a lone "\r" (WHATWG)
};

class LineSplitter {
public:
  static constexpr std::size_t kDefaultMaxLineBytes = 16u << 20;

  explicit LineSplitter(LineEndings endings, std::size_t max_line_bytes = kDefaultMaxLineBytes)
      : endings_(endings), max_line_bytes_(max_line_bytes) {}

  // Calls on_line(std::string_view) for every complete line in `chunk`, empty ones included,
  // without its line ending; a line begun in earlier chunks is joined first. A view is valid
  // only during its call.
  template <class OnLine> void feed(std::string_view chunk, OnLine&& on_line) {
    feed(chunk, [](std::string_view) { return std::size_t{0}; }, on_line);
  }

  // feed() for a reader that recognises its usual line faster than the line's end can be searched
  // for (a remembered layout, json::scan::Shape): at the start of each line that lies in this
  // chunk, claim(std::string_view rest) — rest being the chunk from there on — either handles a
  // whole line at the start of `rest` and returns how many bytes it took (the line and its "\n"),
  // or returns 0 to have the line found and handed to on_line as usual.
  template <class Claim, class OnLine> void feed(std::string_view chunk, Claim&& claim, OnLine&& on_line) {
    const char* p = chunk.data();
    const char* const end = p + chunk.size();
    if (skip_leading_lf_ && p != end) {
      skip_leading_lf_ = false;
      if (*p == '\n') ++p;
    }
    while (p != end) {
      if (tail_.empty()) {
        if (const std::size_t taken = claim(std::string_view(p, static_cast<std::size_t>(end - p)))) {
          p += taken;
          continue;
        }
      }
      const char* stop = endings_ == LineEndings::lf ? find_lf(p, end) : find_cr_or_lf(p, end);
      if (stop == end) {
        append_to_tail(std::string_view(p, static_cast<std::size_t>(end - p)));
        return;
      }
      std::string_view line(p, static_cast<std::size_t>(stop - p));
      if (!tail_.empty()) {
        append_to_tail(line);
        line = tail_;
      }
      if (endings_ == LineEndings::lf && !line.empty() && line.back() == '\r') line.remove_suffix(1);
      p = stop + 1;
      if (*stop == '\r') {
        if (p == end) skip_leading_lf_ = true; // its "\n" may start the next chunk
        else if (*p == '\n') ++p;
      }
      on_line(line);
      tail_.clear();
    }
  }

  // At the end of the stream: a last line without a line ending still counts.
  template <class OnLine> void finish(OnLine&& on_line) {
    if (tail_.empty()) return;
    std::string_view line = tail_;
    if (endings_ == LineEndings::lf && line.back() == '\r') line.remove_suffix(1);
    on_line(line);
    tail_.clear();
  }

  bool has_unfinished_line() const { return !tail_.empty(); }

  // Whether a line holds nothing but spaces and tabs (NDJSON readers skip those).
  static bool is_blank(std::string_view line) {
    if (!line.empty() && line.front() != ' ' && line.front() != '\t') return false; // the usual line: no search
    return line.find_first_not_of(" \t") == std::string_view::npos;
  }

private:
  void append_to_tail(std::string_view piece) {
    if (tail_.size() + piece.size() > max_line_bytes_) {
      throw CallError::upstream("a line of the response stream is longer than " + std::to_string(max_line_bytes_) +
                                " bytes; the stream is corrupt or not in the expected format");
    }
    tail_.append(piece);
  }

  static const char* find_lf(const char* p, const char* end) {
    const void* found = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    return found ? static_cast<const char*>(found) : end;
  }

  // The first '\r' or '\n': sixteen bytes at a time where SSE2 exists.
  static const char* find_cr_or_lf(const char* p, const char* end) {
#if defined(__SSE2__)
    const __m128i lf = _mm_set1_epi8('\n');
    const __m128i cr = _mm_set1_epi8('\r');
    while (end - p >= 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      const int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(bytes, lf), _mm_cmpeq_epi8(bytes, cr)));
      if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
      p += 16;
    }
#endif
    for (; p != end; ++p)
      if (*p == '\n' || *p == '\r') return p;
    return end;
  }

  const LineEndings endings_;
  const std::size_t max_line_bytes_;
  std::string tail_;             // an unfinished line from earlier chunks
  bool skip_leading_lf_ = false; // the last chunk ended in "\r"
};

// One Server-Sent Event. Views valid only during the handler's call.
struct SseEvent {
  std::string_view type; // the "event:" field; "message" when the event had none
  std::string_view data; // the "data:" lines joined with "\n"
};

// An incremental text/event-stream reader (WHATWG rules): ':' starts a comment, "field: value"
// drops one space after the colon, data lines join with "\n", a blank line dispatches the event
// (none when it had no data line), "id", "retry" and unknown fields are ignored, and a UTF-8 BOM
// at the very start is skipped.
class SseReader {
public:
  explicit SseReader(std::size_t max_event_bytes = LineSplitter::kDefaultMaxLineBytes)
      : lines_(LineEndings::any, max_event_bytes), max_event_bytes_(max_event_bytes) {}

  // Reads the next piece; on_event(const SseEvent&) for each event completed, on_comment(view)
  // for each comment line (keep-alives). Exceptions from the handlers propagate.
  template <class OnEvent, class OnComment>
  void feed(std::string_view chunk, OnEvent&& on_event, OnComment&& on_comment) {
    bytes_seen_ += chunk.size();
    if (at_stream_start_) {
      // The BOM itself may be split across chunks: hold bytes until it is known whether one is there.
      static constexpr std::string_view kBom = "\xEF\xBB\xBF";
      held_.append(chunk);
      if (held_.size() < kBom.size() && kBom.substr(0, held_.size()) == held_) return;
      at_stream_start_ = false;
      std::string held = std::move(held_);
      std::string_view rest = held;
      if (rest.substr(0, kBom.size()) == kBom) rest.remove_prefix(kBom.size());
      return parse(rest, on_event, on_comment);
    }
    parse(chunk, on_event, on_comment);
  }

  template <class OnEvent> void feed(std::string_view chunk, OnEvent&& on_event) {
    feed(chunk, on_event, [](std::string_view) {});
  }

  // The stream ended. The spec drops an event not followed by a blank line; this dispatches it,
  // because some servers omit the final blank line (callers that must see a complete stream
  // check their protocol's own end marker instead).
  template <class OnEvent> void finish(OnEvent&& on_event) {
    auto ignore = [](std::string_view) {};
    if (at_stream_start_) { // fewer bytes than a BOM came: they are content
      at_stream_start_ = false;
      const std::string held = std::move(held_);
      parse(held, on_event, ignore);
    }
    lines_.finish([&](std::string_view line) { take_line(line, on_event, ignore); });
    dispatch(on_event);
  }

  // Bytes of an event that never saw its blank line are pending (the stream stopped mid-event).
  bool has_partial_event() const { return event_started_ || lines_.has_unfinished_line(); }
  std::size_t bytes_seen() const { return bytes_seen_; }

private:
  template <class OnEvent, class OnComment>
  void parse(std::string_view chunk, OnEvent& on_event, OnComment& on_comment) {
    chunk_ = chunk;
    lines_.feed(chunk, [&](std::string_view line) { take_line(line, on_event, on_comment); });
    // A data line seen as a view into this chunk must outlive it: copy it now.
    if (has_data_ && !data_in_buffer_) keep_data_view();
    chunk_ = {};
  }

  template <class OnEvent, class OnComment>
  void take_line(std::string_view line, OnEvent& on_event, OnComment& on_comment) {
    if (line.empty()) return dispatch(on_event);
    event_started_ = true;
    if (line.front() == ':') return on_comment(line.substr(1));
    std::string_view field = line;
    std::string_view value;
    if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
      field = line.substr(0, colon);
      value = line.substr(colon + 1);
      if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    }
    if (field == "data") {
      if (!has_data_ && within_chunk(value)) {
        data_view_ = value; // the common case, one data line: no copy unless the chunk ends first
        has_data_ = true;
        data_in_buffer_ = false;
        return;
      }
      if (has_data_ && !data_in_buffer_) keep_data_view();
      if (data_.size() + value.size() + 1 > max_event_bytes_) {
        throw CallError::upstream("a server-sent event is longer than " + std::to_string(max_event_bytes_) +
                                  " bytes; the stream is corrupt or not an event stream");
      }
      if (has_data_) data_.push_back('\n');
      data_.append(value);
      has_data_ = true;
      data_in_buffer_ = true;
    } else if (field == "event") {
      type_.assign(value);
    }
  }

  template <class OnEvent> void dispatch(OnEvent& on_event) {
    if (has_data_) {
      const SseEvent event{type_.empty() ? std::string_view("message") : std::string_view(type_),
                           data_in_buffer_ ? std::string_view(data_) : data_view_};
      on_event(event);
    }
    reset_event();
  }

  void reset_event() {
    // Cleared, not freed: the next event reuses the capacity.
    type_.clear();
    data_.clear();
    data_view_ = {};
    has_data_ = data_in_buffer_ = event_started_ = false;
  }

  void keep_data_view() {
    data_.assign(data_view_);
    data_view_ = {};
    data_in_buffer_ = true;
  }

  bool within_chunk(std::string_view value) const {
    const auto begin = reinterpret_cast<std::uintptr_t>(chunk_.data());
    const auto at = reinterpret_cast<std::uintptr_t>(value.data());
    return chunk_.data() != nullptr && at >= begin && at + value.size() <= begin + chunk_.size();
  }

  LineSplitter lines_;
  const std::size_t max_event_bytes_;
  std::string_view chunk_;     // the piece being parsed
  std::string held_;           // bytes held while a BOM may still be arriving
  bool at_stream_start_ = true;
  std::string type_;
  std::string data_;
  std::string_view data_view_; // the event's only data line, inside chunk_
  bool has_data_ = false, data_in_buffer_ = false, event_started_ = false;
  std::size_t bytes_seen_ = 0;
};

} // namespace agenthost
