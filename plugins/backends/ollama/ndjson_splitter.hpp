// Splits a byte stream that arrives in arbitrary chunks into NDJSON lines. A line may be cut
// across any number of chunks (HTTP delivers whatever the socket had), so the unfinished tail
// is kept until its newline arrives. Lines inside one chunk are handed out as views into that
// chunk without copying: this is the hot path of every streamed Ollama response.
#pragma once

#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace ollama {

// A protocol problem in a provider stream: an error line, a malformed line, a truncated
// stream. `provider_text` is the provider's own error text when it sent one ("" otherwise).
class StreamError : public std::runtime_error {
public:
  explicit StreamError(const std::string& message, std::string provider_text = {})
      : std::runtime_error(message), provider_text_(std::move(provider_text)) {}
  const std::string& provider_text() const noexcept { return provider_text_; }

private:
  std::string provider_text_;
};

class NdjsonSplitter {
public:
  // A line longer than this is refused rather than buffered without bound.
  static constexpr std::size_t kDefaultMaxLineBytes = 16u << 20;

  explicit NdjsonSplitter(std::size_t max_line_bytes = kDefaultMaxLineBytes) : max_line_bytes_(max_line_bytes) {}

  // Calls on_line(std::string_view) for every complete, non-blank line in `chunk` (without its
  // "\n" or "\r\n"), joining it with the unfinished tail of earlier chunks.
  template <class OnLine> void feed(std::string_view chunk, OnLine&& on_line) {
    while (!chunk.empty()) {
      const void* found = std::memchr(chunk.data(), '\n', chunk.size());
      if (!found) {
        append_to_tail(chunk);
        return;
      }
      const std::size_t end = static_cast<std::size_t>(static_cast<const char*>(found) - chunk.data());
      if (tail_.empty()) {
        deliver(chunk.substr(0, end), on_line);
      } else {
        append_to_tail(chunk.substr(0, end));
        deliver(std::string_view(tail_), on_line);
        tail_.clear();
      }
      chunk.remove_prefix(end + 1);
    }
  }

  // At the end of the stream: a last line without a trailing newline still counts.
  template <class OnLine> void finish(OnLine&& on_line) {
    if (tail_.empty()) return;
    const std::string last = std::move(tail_);
    tail_.clear();
    deliver(std::string_view(last), on_line);
  }

  bool has_unfinished_line() const { return !tail_.empty(); }

private:
  void append_to_tail(std::string_view piece) {
    if (tail_.size() + piece.size() > max_line_bytes_) {
      throw StreamError("a line of the response stream is longer than " + std::to_string(max_line_bytes_) +
                        " bytes; the stream is not NDJSON or is corrupt");
    }
    tail_.append(piece);
  }

  template <class OnLine> static void deliver(std::string_view line, OnLine& on_line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) return;
    on_line(line);
  }

  const std::size_t max_line_bytes_;
  std::string tail_;
};

} // namespace ollama
