#include "response_body.hpp"

namespace anthropic {

void ResponseBody::take(std::string_view chunk, const Sink& sink) {
  if (mode_ == Mode::event_stream) return sink(chunk); // the hot path: nothing kept
  if (kept_.size() < max_kept_) kept_.append(chunk.substr(0, max_kept_ - kept_.size()));
  if (mode_ == Mode::other) return;
  const std::size_t first = chunk.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return; // only whitespace so far: still undecided
  // SSE lines start with a field name or ':'; JSON and HTML bodies start with these.
  const char c = chunk[first];
  mode_ = (c == '{' || c == '[' || c == '<') ? Mode::other : Mode::event_stream;
  if (mode_ != Mode::event_stream) return;
  // Whitespace held back from earlier pieces is blank lines: harmless to the parser but part of
  // the stream, so it goes first. kept_ holds it unless the cap was hit, and then the body
  // started with 64 KiB of whitespace, which no server sends.
  const std::size_t held = kept_.size() >= chunk.size() ? kept_.size() - chunk.size() : 0;
  if (held > 0) sink(std::string_view(kept_).substr(0, held));
  kept_.clear(); // an event stream is not quoted: the parser reports its problems itself
  sink(chunk);
}

} // namespace anthropic
