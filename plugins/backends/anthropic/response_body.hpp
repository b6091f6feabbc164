// Tells an event stream from everything else a server may answer with: a JSON error body, an
// HTML page from a proxy. The decision is made on the first byte that is not whitespace, so the
// stream is parsed as it arrives; a body that is no event stream has its first bytes kept for the
// error message, an event stream nothing.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace anthropic {

class ResponseBody {
public:
  using Sink = std::function<void(std::string_view)>;

  explicit ResponseBody(std::size_t max_kept_bytes = 16u << 10) : max_kept_(max_kept_bytes) {}

  // Takes the next piece; once the body is known to be an event stream, passes bytes to `sink`
  // (bytes held back while undecided go first).
  void take(std::string_view chunk, const Sink& sink);

  bool is_event_stream() const { return mode_ == Mode::event_stream; }
  // The first bytes of a body that is no event stream (at most the cap given to the constructor).
  const std::string& raw() const { return kept_; }

private:
  enum class Mode { undecided, event_stream, other };
  Mode mode_ = Mode::undecided;
  std::size_t max_kept_;
  std::string kept_;
};

} // namespace anthropic
