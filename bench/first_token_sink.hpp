// A plugins::CallSink for time-to-first-token benchmarks: notes when the first text delta
// arrives and keeps the whole text, so the bench can also check the stream it timed.
#pragma once

#include "plugins/call_sink.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace bench {

class FirstTokenSink : public agenthost::plugins::CallSink {
public:
  bool on_event(const ah_event& event) override {
    if (event.type == AH_EVENT_TEXT_DELTA) {
      if (!first) first = std::chrono::steady_clock::now();
      text.append(event.text.ptr, event.text.len);
    }
    return true;
  }
  std::optional<std::chrono::steady_clock::time_point> first;
  std::string text;
};

} // namespace bench
