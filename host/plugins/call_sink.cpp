#include "plugins/call_sink.hpp"

#include <utility>

namespace agenthost::plugins {

bool CallSink::cancelled() const noexcept {
  return cancelled_.load(std::memory_order_relaxed) || (watched_ && watched_->load(std::memory_order_relaxed)) ||
         (parent_ && parent_->cancelled());
}

void CallSink::set_error(ah_status status, std::string message) {
  std::lock_guard<std::mutex> lock(error_mutex_);
  error_status_ = status;
  error_message_ = std::move(message);
  has_error_ = true;
}

bool CallSink::has_error() const {
  std::lock_guard<std::mutex> lock(error_mutex_);
  return has_error_;
}

ah_status CallSink::error_status() const {
  std::lock_guard<std::mutex> lock(error_mutex_);
  return error_status_;
}

std::string CallSink::error_message() const {
  std::lock_guard<std::mutex> lock(error_mutex_);
  return error_message_;
}

void CallSink::record_upstream(UpstreamOutcome outcome) {
  std::lock_guard<std::mutex> lock(upstream_mutex_);
  upstream_ = std::move(outcome);
}

std::optional<UpstreamOutcome> CallSink::upstream_outcome() const {
  std::lock_guard<std::mutex> lock(upstream_mutex_);
  return upstream_;
}

bool CollectingSink::on_event(const ah_event& event) {
  RecordedEvent recorded = RecordedEvent::of(event);
  std::lock_guard<std::mutex> lock(mutex_);
  events_.push_back(std::move(recorded));
  return true;
}

std::vector<RecordedEvent> CollectingSink::events() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return events_;
}

std::string CollectingSink::result() const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = events_.rbegin(); it != events_.rend(); ++it)
    if (it->type == AH_EVENT_RESULT) return it->text;
  return {};
}

std::string CollectingSink::text() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string out;
  for (const RecordedEvent& e : events_)
    if (e.type == AH_EVENT_TEXT_DELTA) out += e.text;
  return out;
}

} // namespace agenthost::plugins
