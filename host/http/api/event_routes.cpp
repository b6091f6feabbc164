#include "http/api/event_routes.hpp"

#include "common/error.hpp"
#include "http/api/auth.hpp"
#include "queue/job_store.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/StreamSocket.h>

#include <charconv>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace agenthost::http {

namespace {

constexpr std::size_t kReplayPage = 256;

// A resume point as a client sends it: decimal digits only (no sign, no spaces), at most 18.
std::optional<std::int64_t> parse_seq(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.front() == '-' || text.front() == '+')
    return std::nullopt;
  return value;
}

// The replay point: the Last-Event-ID header wins over ?after= (a reconnecting EventSource sends
// the header while its URL still carries the first ?after).
std::optional<std::int64_t> resume_point(const Request& request, const std::string& noun) {
  std::optional<std::string> text = request.header("Last-Event-ID");
  const char* source = "Last-Event-ID";
  if (!text) {
    text = request.query("after");
    source = "after";
  }
  if (!text) return std::nullopt;
  const auto seq = parse_seq(*text);
  if (!seq) {
    throw Error(ErrorKind::invalid_request,
                std::string(source) + " must be an event id (a non-negative integer) from this " + noun + "'s stream; "
                "got \"" + text->substr(0, 40) + "\"; omit it to follow live, or use ?after=0 to replay everything",
                source);
  }
  return seq;
}

// The SSE data of an event: its data object with "job_id" first.
std::string data_with_job_id(const events::Event& event) {
  std::string data = "{\"job_id\":";
  if (event.job_id.empty()) {
    data += "null";
  } else {
    append_json_string(data, event.job_id);
  }
  const std::string_view rest = std::string_view(event.data_json).substr(1); // after '{'
  if (rest.find_first_not_of(" \t") != std::string_view::npos && rest.substr(rest.find_first_not_of(" \t")) != "}")
    data += ',';
  else
    return data + "}";
  data += rest;
  return data;
}

// Every watcher of a conversation receives the same frame for an event; appenders deliver an
// event to all watchers in a row on one thread, so a one-entry cache per thread formats it once.
SseStream::Frame frame_of(const events::Event& event) {
  thread_local std::string cached_stream;
  thread_local std::int64_t cached_seq = -1;
  thread_local SseStream::Frame cached;
  if (cached && cached_seq == event.seq && cached_stream == event.stream_id) return cached;
  cached = std::make_shared<const std::string>(sse_frame(event.seq, event.type, data_with_job_id(event)));
  cached_seq = event.seq;
  cached_stream = event.stream_id;
  return cached;
}

// Feeds one SSE stream from the log: live events are held while the backlog is replayed, then
// everything with a seq above the last one sent goes out, so nothing is missed or repeated.
class StreamFeed {
public:
  explicit StreamFeed(std::shared_ptr<SseStream> stream, std::int64_t replayed_up_to)
      : stream_(std::move(stream)), last_sent_(replayed_up_to) {}

  void on_live(const events::Event& event) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (replaying_) {
      held_.push_back(event);
      return;
    }
    send_if_new(event);
  }

  // Sends the backlog after `after` (the caller subscribed first), then the held live events.
  void replay(events::EventLog& log, const std::string& stream_id, std::int64_t after) {
    std::int64_t cursor = after;
    for (;;) {
      const auto page = log.read_after(stream_id, cursor, kReplayPage);
      for (const auto& event : page) {
        std::lock_guard<std::mutex> lock(mutex_);
        send_if_new(event);
      }
      if (page.size() < kReplayPage || stream_->closed()) break;
      cursor = page.back().seq;
    }
    go_live();
  }

  void go_live() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& event : held_) send_if_new(event);
    held_.clear();
    replaying_ = false;
  }

  events::EventLog::Subscription subscription;

private:
  void send_if_new(const events::Event& event) {
    if (event.seq <= last_sent_) return;
    last_sent_ = event.seq;
    stream_->send(frame_of(event));
  }

  std::shared_ptr<SseStream> stream_;
  std::mutex mutex_;
  bool replaying_ = true;
  std::vector<events::Event> held_;
  std::int64_t last_sent_;
};

// Sends the SSE response head, then takes the socket away from Poco's connection thread.
Poco::Net::StreamSocket take_over_connection(Request& request, Response& response) {
  auto& poco = response.poco();
  poco.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_OK);
  poco.setContentType("text/event-stream");
  poco.set("Cache-Control", "no-cache");
  poco.set("X-Accel-Buffering", "no"); // nginx: do not buffer the stream
  // The body runs until the connection closes: no length, no chunking, no keep-alive.
  poco.setChunkedTransferEncoding(false);
  poco.setKeepAlive(false);
  std::ostream& out = poco.send();
  out.flush();
  if (!out) throw std::runtime_error("connection failed while sending the event stream's headers");
  auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request.poco());
  if (!impl) throw std::logic_error("event stream: the request is not served by Poco's HTTPServer");
  Poco::Net::StreamSocket socket = impl->detachSocket();
  response.mark_taken_over(200);
  return socket;
}

// What a route needs to know about the stream it serves: which stream, whether the caller may
// watch it, and what to call it in errors.
struct StreamTarget {
  std::string stream_id;
  std::string noun; // "conversation", "job"
};
using StreamLookup = std::function<StreamTarget(ApiContext& context, const store::UserRecord& user, Request& request)>;

store::UserRecord authenticate(ApiContext& context, Request& request, Response& response) {
  const std::optional<std::string> authorization = request.header("Authorization");
  try {
    return authenticate_caller(context.users, authorization);
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::unauthorized)
      response.set_header("WWW-Authenticate", bearer_challenge(authorization.has_value()));
    throw;
  }
}

// One event stream served as SSE: authentication, the owner check (`lookup`), the resume
// point, then the detached socket fed by a StreamFeed. Shared by every events route, so the
// replay and heartbeat rules are the same everywhere.
void serve_event_stream(Request& request, Response& response, ApiContext& context, events::EventLog& events,
                        SseWriter& writer, const StreamLookup& lookup) {
  const store::UserRecord user = authenticate(context, request, response);
  const StreamTarget target = lookup(context, user, request);
  const std::string& stream_id = target.stream_id;

  const std::optional<std::int64_t> after = resume_point(request, target.noun);
  if (after) {
    const std::int64_t last = events.last_seq(stream_id);
    if (*after > last) {
      throw Error(ErrorKind::invalid_request,
                  "event id " + std::to_string(*after) + " is beyond this " + target.noun + "'s last event (" +
                      std::to_string(last) + "); it belongs to another stream. Reconnect without "
                      "Last-Event-ID to follow live, or with ?after=0 to replay the retained log");
    }
  }

  Poco::Net::StreamSocket socket = take_over_connection(request, response);
  auto stream = writer.adopt(std::move(socket), request.request_id());
  // Live-only watchers start from the current end: events already committed are not theirs.
  auto feed = std::make_shared<StreamFeed>(stream, after ? *after : 0);
  std::weak_ptr<StreamFeed> weak_feed = feed;
  feed->subscription = events.subscribe(stream_id, [weak_feed](const events::Event& event) {
    if (auto live = weak_feed.lock()) live->on_live(event);
  });
  // The stream owns the feed until it closes; closing drops the subscription.
  stream->on_closed([feed]() mutable { feed->subscription.reset(); });
  if (after) {
    feed->replay(events, stream_id, *after);
  } else {
    feed->go_live();
  }
}

StreamTarget conversation_stream(ApiContext& context, const store::UserRecord& user, Request& request) {
  const std::string& conversation_id = request.path_param("id");
  if (!context.conversations.find(user.id, conversation_id))
    throw Error(ErrorKind::not_found, "conversation " + conversation_id + " not found");
  return StreamTarget{conversation_id, "conversation"};
}

// A job's progress stream has the job's id. Another user's job and a system job are 404 like
// a missing one (as GET /api/v1/jobs/{id}).
StreamTarget job_stream(ApiContext& context, const store::UserRecord& user, Request& request) {
  const std::string& job_id = request.path_param("id");
  queue::JobStore jobs(context.database); // borrows the database: free to make per request
  if (!jobs.find_for_owner(user.id, job_id)) {
    throw Error(ErrorKind::not_found,
                "no job with id '" + job_id + "'; job ids come from the \"job\" of a 202 response");
  }
  return StreamTarget{job_id, "job"};
}

} // namespace

void register_event_routes(Router& router, std::shared_ptr<ApiContext> context,
                           std::shared_ptr<events::EventLog> events, std::shared_ptr<SseWriter> writer) {
  if (!context || !events || !writer)
    throw Error(ErrorKind::internal, "register_event_routes needs an ApiContext, an EventLog and an SseWriter");
  const auto add = [&](const char* pattern, StreamLookup lookup) {
    router.add("GET", pattern,
               [context, events, writer, lookup = std::move(lookup)](Request& request, Response& response) {
                 serve_event_stream(request, response, *context, *events, *writer, lookup);
               });
  };
  add("/api/v1/conversations/{id}/events", conversation_stream);
  add("/api/v1/jobs/{id}/events", job_stream);
}

} // namespace agenthost::http
