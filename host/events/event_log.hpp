// The durable, per-stream event log, and live delivery to this process's subscribers.
//
// append() commits first and delivers afterwards, so a subscriber never sees an event that a
// reader of the store could miss. Appends of one stream are serialized in this process from
// the commit through the delivery, so subscribers see a stream's events in seq order. A
// watcher that must not miss anything subscribes first, then reads the backlog with
// read_after(), then drops live events whose seq it already has (see http/api/event_routes).
#pragma once

#include "events/event.hpp"
#include "store/database.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::events {

class EventLog {
public:
  explicit EventLog(store::Database& database);
  ~EventLog();
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Commits the event (the stream's last_seq is incremented in the same transaction), then
  // calls every live subscriber of the stream on this thread. `data_json` must be a one-line
  // JSON object (Error(invalid_request) otherwise: it goes out verbatim on an SSE data: line).
  // A subscriber that throws is logged nowhere and skipped: delivery is best effort, the log
  // is the truth.
  Event append(std::string_view stream_id, std::string_view job_id, std::string_view type,
               std::string data_json);

  // Up to `limit` events with seq > after_seq, oldest first.
  std::vector<Event> read_after(std::string_view stream_id, std::int64_t after_seq, std::size_t limit);

  // The highest seq ever handed out for the stream (0: never appended). Survives cleanup.
  std::int64_t last_seq(std::string_view stream_id);

  // Deletes events created before `cutoff_ms` (Unix ms) in every stream; returns how many.
  // Streams themselves stay, so seq numbers never restart.
  std::size_t delete_older_than(std::int64_t cutoff_ms);

  struct Subscriber; // internal
  // RAII handle: unsubscribes when destroyed or reset. After it is gone no new call starts;
  // a call already running on an appender's thread may still finish.
  class Subscription {
  public:
    Subscription() = default;
    Subscription(Subscription&& other) noexcept;
    Subscription& operator=(Subscription&& other) noexcept;
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;
    ~Subscription();
    void reset();
    bool active() const noexcept { return log_ != nullptr; }

  private:
    friend class EventLog;
    Subscription(EventLog* log, std::shared_ptr<Subscriber> subscriber)
        : log_(log), subscriber_(std::move(subscriber)) {}
    EventLog* log_ = nullptr;
    std::shared_ptr<Subscriber> subscriber_;
  };

  // `on_event` runs on the appending thread, after the commit, in seq order per stream; keep it
  // short (queue the event, never block on a client).
  Subscription subscribe(std::string stream_id, std::function<void(const Event&)> on_event);

  // Live subscribers of one stream (for tests and metrics).
  std::size_t subscriber_count(std::string_view stream_id) const;

private:
  void unsubscribe(const std::shared_ptr<Subscriber>& subscriber);
  std::vector<std::shared_ptr<Subscriber>> subscribers_of(std::string_view stream_id) const;
  std::mutex& append_lock_for(std::string_view stream_id);

  store::Database& database_;
  mutable std::mutex subscribers_mutex_;
  std::map<std::string, std::vector<std::shared_ptr<Subscriber>>, std::less<>> subscribers_;
  std::array<std::mutex, 64> append_locks_; // striped by stream id: commit + delivery in order
};

} // namespace agenthost::events
