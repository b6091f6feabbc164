#include "runtime/delta_coalescer.hpp"

namespace agenthost::runtime {

DeltaCoalescer::DeltaCoalescer(std::chrono::milliseconds window, Publish publish)
    : window_(window), publish_(std::move(publish)) {
  // Without a window every delta is published as it comes: no timer needed.
  if (window_.count() > 0) timer_ = std::thread([this] { run_timer(); });
}

DeltaCoalescer::~DeltaCoalescer() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!pending_.empty()) publish_locked(lock);
    stopping_ = true;
  }
  changed_.notify_all();
  if (timer_.joinable()) timer_.join();
}

void DeltaCoalescer::add(std::string_view text) {
  if (text.empty()) return;
  std::unique_lock<std::mutex> lock(mutex_);
  pending_.append(text);
  if (!last_publish_ || Clock::now() >= *last_publish_ + window_) {
    publish_locked(lock);
  } else {
    changed_.notify_all();
  }
}

void DeltaCoalescer::flush() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!pending_.empty()) publish_locked(lock);
}

bool DeltaCoalescer::failed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return failed_;
}

void DeltaCoalescer::publish_locked(std::unique_lock<std::mutex>&) {
  std::string text;
  text.swap(pending_);
  last_publish_ = Clock::now();
  try {
    publish_(text);
  } catch (...) {
    failed_ = true;
  }
}

void DeltaCoalescer::run_timer() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (pending_.empty() || !last_publish_) {
      changed_.wait(lock);
      continue;
    }
    const Clock::time_point due = *last_publish_ + window_;
    if (Clock::now() >= due) {
      publish_locked(lock);
    } else {
      changed_.wait_until(lock, due);
    }
  }
}

} // namespace agenthost::runtime
