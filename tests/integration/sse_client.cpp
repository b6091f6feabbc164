#include "sse_client.hpp"

#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Timespan.h>

#include <algorithm>

namespace agenthost::integration {

using Clock = std::chrono::steady_clock;

SseClient::SseClient(int port, const std::string& token, const std::string& conversation_id,
                     const std::string& query) {
  socket_.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), Poco::Timespan(10, 0));
  const std::string request = "GET /api/v1/conversations/" + conversation_id + "/events" + query +
                              " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                              "Authorization: Bearer " + token + "\r\n\r\n";
  socket_.sendBytes(request.data(), static_cast<int>(request.size()));
}

bool SseClient::fill(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  socket_.setReceiveTimeout(Poco::Timespan(left.count()));
  char chunk[4096];
  try {
    const int n = socket_.receiveBytes(chunk, sizeof chunk);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  } catch (const Poco::TimeoutException&) {
    return false;
  } catch (const Poco::Net::NetException&) {
    return false;
  }
}

std::optional<std::string> SseClient::take_line(Clock::time_point deadline) {
  for (;;) {
    const std::size_t end = buffer_.find('\n');
    if (end != std::string::npos) {
      std::string line = buffer_.substr(0, end);
      buffer_.erase(0, end + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    if (!fill(deadline)) return std::nullopt;
  }
}

int SseClient::status() {
  if (status_) return *status_;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(10);
  status_ = 0;
  const std::optional<std::string> status_line = take_line(deadline);
  if (!status_line || status_line->size() < 12) return *status_;
  status_ = std::stoi(status_line->substr(9, 3));
  while (const std::optional<std::string> header = take_line(deadline)) {
    if (header->empty()) break;
  }
  return *status_;
}

std::optional<SseEvent> SseClient::next(std::chrono::milliseconds timeout) {
  if (status() != 200) return std::nullopt;
  const Clock::time_point deadline = Clock::now() + timeout;
  SseEvent event;
  bool any = false;
  while (const std::optional<std::string> line = take_line(deadline)) {
    if (line->empty()) {
      if (any) return event;
      continue;
    }
    if ((*line)[0] == ':') continue; // heartbeat comment
    const std::size_t colon = line->find(':');
    const std::string field = line->substr(0, colon);
    std::string value = colon == std::string::npos ? std::string() : line->substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.erase(0, 1);
    any = true;
    if (field == "id") event.id = std::stoll(value);
    if (field == "event") event.type = value;
    if (field == "data") event.data = json::parse(value);
  }
  return std::nullopt;
}

std::vector<SseEvent> SseClient::until_terminal(std::chrono::milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  std::vector<SseEvent> events;
  while (Clock::now() < deadline) {
    std::optional<SseEvent> event =
        next(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
    if (!event) break;
    events.push_back(std::move(*event));
    if (is_terminal(events.back())) break;
  }
  return events;
}

bool is_terminal(const SseEvent& event) {
  return event.type == "turn.completed" || event.type == "turn.failed" || event.type == "turn.cancelled";
}

std::string delta_text(const std::vector<SseEvent>& events) {
  std::string text;
  for (const SseEvent& event : events)
    if (event.type == "message.delta") text += event.data["text"].as_string();
  return text;
}

std::vector<SseEvent> of_type(const std::vector<SseEvent>& events, const std::string& type) {
  std::vector<SseEvent> found;
  std::copy_if(events.begin(), events.end(), std::back_inserter(found),
               [&](const SseEvent& event) { return event.type == type; });
  return found;
}

} // namespace agenthost::integration
