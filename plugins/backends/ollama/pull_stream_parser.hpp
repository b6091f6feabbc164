// Turns the NDJSON body of Ollama's POST /api/pull (stream: true) into progress reports:
// {"status":"pulling manifest"}, {"status":"pulling <digest>","digest","total","completed"}, ...,
// {"status":"success"}; {"error":"..."} reports a failure.
#pragma once

#include "agenthost/stream_lines.hpp"

#include <cstdint>
#include <functional>
#include <string_view>

namespace ollama {

class PullStreamParser {
public:
  using OnProgress = std::function<void(std::string_view status, int64_t completed, int64_t total)>;
  explicit PullStreamParser(OnProgress on_progress) : on_progress_(std::move(on_progress)) {}

  // Throws CallError::upstream on an error line or a malformed line.
  void feed(std::string_view chunk);
  // Throws CallError::upstream when the stream ended without {"status":"success"}.
  void finish();

  bool succeeded() const { return succeeded_; }

private:
  void on_line(std::string_view line);

  OnProgress on_progress_;
  agenthost::LineSplitter splitter_{agenthost::LineEndings::lf};
  bool succeeded_ = false;
  std::size_t line_number_ = 0;
};

} // namespace ollama
