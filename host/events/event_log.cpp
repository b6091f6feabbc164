#include "events/event_log.hpp"

#include "common/error.hpp"
#include "store/timestamps.hpp"

#include <algorithm>
#include <functional>
#include <utility>

namespace agenthost::events {

struct EventLog::Subscriber {
  std::string stream_id;
  std::function<void(const Event&)> on_event;
};

namespace {

// The data goes out verbatim on one SSE `data:` line, and the route splices "job_id" into it,
// so it must be a single-line object. A full parse per delta would cost more than the append.
void check_one_line_object(std::string_view data_json) {
  const bool object = data_json.size() >= 2 && data_json.front() == '{' && data_json.back() == '}';
  if (!object || data_json.find_first_of("\r\n") != std::string_view::npos) {
    throw Error(ErrorKind::invalid_request,
                "event data must be a one-line JSON object such as {\"text\":\"hi\"}; got " +
                    std::string(data_json.substr(0, 80)));
  }
}

Event event_from_row(const store::Row& row) {
  Event event;
  event.stream_id = row.text(0);
  event.seq = row.integer(1);
  event.job_id = row.optional_text(2).value_or("");
  event.type = row.text(3);
  event.data_json = row.text(4);
  event.created_at = row.integer(5);
  return event;
}

} // namespace

EventLog::EventLog(store::Database& database) : database_(database) {}
EventLog::~EventLog() = default;

std::mutex& EventLog::append_lock_for(std::string_view stream_id) {
  return append_locks_[std::hash<std::string_view>{}(stream_id) % append_locks_.size()];
}

Event EventLog::append(std::string_view stream_id, std::string_view job_id, std::string_view type,
                       std::string data_json) {
  if (stream_id.empty()) throw Error(ErrorKind::internal, "EventLog::append needs a stream id");
  if (type.empty()) throw Error(ErrorKind::internal, "EventLog::append needs an event type");
  check_one_line_object(data_json);

  Event event;
  event.stream_id = std::string(stream_id);
  event.job_id = std::string(job_id);
  event.type = std::string(type);
  event.data_json = std::move(data_json);
  event.created_at = store::now_ms();

  // Held from the commit through the delivery: two appenders of one stream deliver in seq order,
  // which watchers rely on to drop duplicates by seq alone.
  std::lock_guard<std::mutex> ordered(append_lock_for(stream_id));
  event.seq = database_.transaction([&](store::Connection& connection) {
    // The upsert takes the stream row's lock, serializing appenders across hosts too.
    const auto row = connection.query_one(
        "INSERT INTO event_streams (id, last_seq, created_at) VALUES (?, 1, ?)"
        " ON CONFLICT (id) DO UPDATE SET last_seq = event_streams.last_seq + 1 RETURNING last_seq",
        {event.stream_id, event.created_at});
    const std::int64_t seq = row->integer(0);
    connection.execute("INSERT INTO events (stream_id, seq, job_id, type, data, created_at)"
                       " VALUES (?, ?, ?, ?, ?, ?)",
                       {event.stream_id, seq,
                        event.job_id.empty() ? store::SqlValue(store::sql_null) : store::SqlValue(event.job_id),
                        event.type, event.data_json, event.created_at});
    return seq;
  });

  for (const auto& subscriber : subscribers_of(stream_id)) {
    try {
      subscriber->on_event(event);
    } catch (...) {
      // Best effort: the log already holds the event; a watcher that failed can resume from it.
    }
  }
  return event;
}

std::vector<Event> EventLog::read_after(std::string_view stream_id, std::int64_t after_seq, std::size_t limit) {
  std::vector<Event> events;
  if (limit == 0) return events;
  store::Connection connection = database_.connect();
  const store::Rows rows = connection.query(
      "SELECT stream_id, seq, job_id, type, data, created_at FROM events"
      " WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?",
      {std::string(stream_id), after_seq, static_cast<std::int64_t>(limit)});
  events.reserve(rows.size());
  for (const auto& row : rows) events.push_back(event_from_row(row));
  return events;
}

std::int64_t EventLog::last_seq(std::string_view stream_id) {
  store::Connection connection = database_.connect();
  const auto row = connection.query_one("SELECT last_seq FROM event_streams WHERE id = ?", {std::string(stream_id)});
  return row ? row->integer(0) : 0;
}

std::size_t EventLog::delete_older_than(std::int64_t cutoff_ms) {
  store::Connection connection = database_.connect();
  return connection.execute("DELETE FROM events WHERE created_at < ?", {cutoff_ms});
}

EventLog::Subscription EventLog::subscribe(std::string stream_id, std::function<void(const Event&)> on_event) {
  if (!on_event) throw Error(ErrorKind::internal, "EventLog::subscribe needs a callback");
  auto subscriber = std::make_shared<Subscriber>(Subscriber{std::move(stream_id), std::move(on_event)});
  {
    std::lock_guard<std::mutex> lock(subscribers_mutex_);
    auto found = subscribers_.find(subscriber->stream_id);
    if (found == subscribers_.end()) found = subscribers_.emplace(subscriber->stream_id, std::vector<std::shared_ptr<Subscriber>>{}).first;
    found->second.push_back(subscriber);
  }
  return Subscription(this, std::move(subscriber));
}

std::size_t EventLog::subscriber_count(std::string_view stream_id) const {
  std::lock_guard<std::mutex> lock(subscribers_mutex_);
  const auto found = subscribers_.find(stream_id);
  return found == subscribers_.end() ? 0 : found->second.size();
}

std::vector<std::shared_ptr<EventLog::Subscriber>> EventLog::subscribers_of(std::string_view stream_id) const {
  std::lock_guard<std::mutex> lock(subscribers_mutex_);
  const auto found = subscribers_.find(stream_id);
  if (found == subscribers_.end()) return {};
  return found->second;
}

void EventLog::unsubscribe(const std::shared_ptr<Subscriber>& subscriber) {
  std::lock_guard<std::mutex> lock(subscribers_mutex_);
  const auto found = subscribers_.find(subscriber->stream_id);
  if (found == subscribers_.end()) return;
  auto& list = found->second;
  list.erase(std::remove(list.begin(), list.end(), subscriber), list.end());
  if (list.empty()) subscribers_.erase(found);
}

EventLog::Subscription::Subscription(Subscription&& other) noexcept
    : log_(std::exchange(other.log_, nullptr)), subscriber_(std::move(other.subscriber_)) {}

EventLog::Subscription& EventLog::Subscription::operator=(Subscription&& other) noexcept {
  if (this != &other) {
    reset();
    log_ = std::exchange(other.log_, nullptr);
    subscriber_ = std::move(other.subscriber_);
  }
  return *this;
}

EventLog::Subscription::~Subscription() { reset(); }

void EventLog::Subscription::reset() {
  if (log_ && subscriber_) log_->unsubscribe(subscriber_);
  log_ = nullptr;
  subscriber_.reset();
}

} // namespace agenthost::events
