#include "runtime/attempt_sink.hpp"

#include <optional>

namespace agenthost::runtime {
namespace {

using Clock = std::chrono::steady_clock;

bool is_output(ah_event_type type) {
  return type == AH_EVENT_TEXT_DELTA || type == AH_EVENT_TOOL_CALL_DELTA || type == AH_EVENT_TOOL_CALL;
}

} // namespace

AttemptSink::AttemptSink(plugins::CallSink& output, AttemptDeadlines deadlines)
    : output_(output), deadlines_(deadlines), watchdog_([this] { watch(); }) {
  follow(output_);
}

AttemptSink::~AttemptSink() { finish(); }

bool AttemptSink::on_event(const ah_event& event) {
  const bool content = is_output(event.type) || event.type == AH_EVENT_REASONING_DELTA;
  if (content) {
    std::lock_guard<std::mutex> lock(mutex_);
    any_content_ = true;
    output_emitted_ = output_emitted_ || is_output(event.type);
    last_content_ = Clock::now();
    changed_.notify_all();
  }
  return output_.on_event(event);
}

void AttemptSink::finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    finished_ = true;
    changed_.notify_all();
  }
  if (watchdog_.joinable()) watchdog_.join();
}

bool AttemptSink::output_emitted() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return output_emitted_;
}

DeadlineMissed AttemptSink::missed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return missed_;
}

void AttemptSink::watch() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!finished_) {
    // The earliest deadline in force now; it moves each time content arrives.
    std::optional<Clock::time_point> next;
    DeadlineMissed which = DeadlineMissed::none;
    auto consider = [&](std::chrono::milliseconds limit, Clock::time_point from, DeadlineMissed kind) {
      if (limit.count() <= 0) return;
      if (!next || from + limit < *next) next = from + limit, which = kind;
    };
    consider(deadlines_.response, started_, DeadlineMissed::response);
    if (any_content_) {
      consider(deadlines_.token_gap, last_content_, DeadlineMissed::token_gap);
    } else {
      consider(deadlines_.first_token, started_, DeadlineMissed::first_token);
    }
    if (!next) {
      changed_.wait(lock);
    } else if (Clock::now() >= *next) {
      missed_ = which;
      cancel(); // the plugin sees is_cancelled, the host's HTTP exchange stops
      return;
    } else {
      changed_.wait_until(lock, *next);
    }
  }
}

} // namespace agenthost::runtime
