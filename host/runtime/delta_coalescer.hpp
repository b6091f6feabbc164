// Text deltas of a streaming reply, turned into fewer `message.delta` events.
//
// A model streams a token every few milliseconds; one durable event per token would cost a
// commit per token. The coalescer publishes the first delta at once (time to first token is
// what users feel), then at most one event per window, carrying everything that arrived in it.
// Nothing is dropped or repeated: the published texts, concatenated, are exactly the added
// texts, in order. A timer thread publishes what is left when a window ends without a new delta.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace agenthost::runtime {

class DeltaCoalescer {
public:
  // Called with each coalesced text, one call at a time, in order. If it throws, the text is
  // lost from the event stream (not from the reply) and failed() turns true.
  using Publish = std::function<void(const std::string& text)>;

  DeltaCoalescer(std::chrono::milliseconds window, Publish publish);
  // Publishes what is pending, then stops the timer thread.
  ~DeltaCoalescer();
  DeltaCoalescer(const DeltaCoalescer&) = delete;
  DeltaCoalescer& operator=(const DeltaCoalescer&) = delete;

  void add(std::string_view text);
  // Publishes anything pending now (before the reply is stored, so the events hold all of it).
  void flush();
  bool failed() const;

private:
  using Clock = std::chrono::steady_clock;
  void publish_locked(std::unique_lock<std::mutex>& lock);
  void run_timer();

  const std::chrono::milliseconds window_;
  const Publish publish_;
  mutable std::mutex mutex_; // held while publishing too: events go out in order
  std::condition_variable changed_;
  std::string pending_;
  std::optional<Clock::time_point> last_publish_;
  bool stopping_ = false;
  bool failed_ = false;
  std::thread timer_;
};

} // namespace agenthost::runtime
