// Counts requests inside handlers so that a graceful stop can wait for them to finish.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace agenthost::http {

class InFlightRequests {
public:
  void enter() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++count_;
  }

  void leave() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (--count_ == 0) idle_.notify_all();
  }

  // True when the count reached zero before the deadline.
  bool wait_until_idle(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mutex_);
    return idle_.wait_until(lock, deadline, [this] { return count_ == 0; });
  }

  int count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }

private:
  mutable std::mutex mutex_;
  std::condition_variable idle_;
  int count_ = 0;
};

// enter() on construction, leave() on destruction, whatever way the handler exits.
class InFlightScope {
public:
  explicit InFlightScope(InFlightRequests& requests) : requests_(requests) { requests_.enter(); }
  ~InFlightScope() { requests_.leave(); }
  InFlightScope(const InFlightScope&) = delete;
  InFlightScope& operator=(const InFlightScope&) = delete;

private:
  InFlightRequests& requests_;
};

} // namespace agenthost::http
