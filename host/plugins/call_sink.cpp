#include "plugins/call_sink.hpp"

#include <utility>

namespace agenthost::plugins {

namespace {

std::string copy_of(ah_str s) { return s.ptr ? std::string(s.ptr, s.len) : std::string(); }

} // namespace

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

RecordedEvent record_event(const ah_event& event) {
  RecordedEvent out;
  out.type = event.type;
  out.text = copy_of(event.text);
  out.id = copy_of(event.id);
  out.name = copy_of(event.name);
  out.arguments = copy_of(event.arguments);
  out.index = event.index;
  out.input_tokens = event.input_tokens;
  out.output_tokens = event.output_tokens;
  out.completed = event.completed;
  out.total = event.total;
  return out;
}

bool CollectingSink::on_event(const ah_event& event) {
  RecordedEvent recorded = record_event(event);
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
