// A client of the host's event stream (GET /api/v1/conversations/{id}/events) for the turn
// tests: a plain socket, the response headers, then one parsed SSE event at a time. Every read
// is bounded, so a turn that never ends fails its test instead of hanging it.
#pragma once

#include "agenthost/json.hpp"

#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace agenthost::integration {

struct SseEvent {
  std::int64_t id = 0;
  std::string type;
  json::Value data;
};

class SseClient {
public:
  // Connects and sends the request; `query` e.g. "?after=0" (empty: live only).
  SseClient(int port, const std::string& token, const std::string& conversation_id, const std::string& query);

  // The response's status line and headers, read on first use.
  int status();
  // The next event, or nullopt when the stream ended or `timeout` passed without one.
  std::optional<SseEvent> next(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Events up to and including the first turn.completed / turn.failed / turn.cancelled (all that
  // came if none did within `timeout`).
  std::vector<SseEvent> until_terminal(std::chrono::milliseconds timeout = std::chrono::seconds(30));

private:
  bool fill(std::chrono::steady_clock::time_point deadline);
  std::optional<std::string> take_line(std::chrono::steady_clock::time_point deadline);

  Poco::Net::StreamSocket socket_;
  std::string buffer_;
  std::optional<int> status_;
};

bool is_terminal(const SseEvent& event);
// The text of every message.delta, in order.
std::string delta_text(const std::vector<SseEvent>& events);
// The events of one type.
std::vector<SseEvent> of_type(const std::vector<SseEvent>& events, const std::string& type);

} // namespace agenthost::integration
