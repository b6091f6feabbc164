// Thousands of event streams (GET /api/v1/conversations/{id}/events) read by one thread through
// epoll, so a test can hold 2,000 watchers open without 2,000 threads or blocking reads. Every
// wait is bounded by a deadline; a stream the server refuses or closes is recorded, not fatal.
#pragma once

#include "sse_client.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace agenthost::integration {

class SseSwarm {
public:
  SseSwarm(int port, std::string token);
  ~SseSwarm(); // closes every stream
  SseSwarm(const SseSwarm&) = delete;
  SseSwarm& operator=(const SseSwarm&) = delete;

  // Opens `count` streams of GET `path_and_query`, with at most `max_pending` connected but still
  // waiting for their response head (the server queues only so many connections before a worker
  // thread takes them). Returns when every stream has its head or failed, or after `timeout`.
  void open(const std::string& path_and_query, std::size_t count, std::size_t max_pending,
            std::chrono::milliseconds timeout);

  // Reads every stream until each has received a turn.completed / turn.failed / turn.cancelled
  // event or ended, or until `timeout` passed. Returns how many received a terminal event.
  std::size_t read_until_terminal(std::chrono::milliseconds timeout);

  std::size_t size() const;
  // How many streams were answered with this HTTP status.
  std::size_t count_with_status(int status) const;
  int status(std::size_t stream) const; // 0: no response head (yet)
  const std::vector<SseEvent>& events(std::size_t stream) const;
  // Why the stream ended early ("" while it is open or after it ended normally).
  const std::string& failure(std::size_t stream) const;

private:
  struct Stream;
  bool start_connecting(std::size_t index);
  void pump(std::chrono::steady_clock::time_point deadline, std::size_t max_pending, bool (SseSwarm::*done)() const);
  void on_ready(Stream& stream, unsigned events);
  void send_request(Stream& stream);
  void receive(Stream& stream);
  void close_stream(Stream& stream, const std::string& failure);
  bool all_opened() const;
  bool all_terminal() const;

  int port_;
  std::string token_;
  std::string path_;
  int epoll_fd_ = -1;
  std::size_t pending_ = 0; // connecting or waiting for the head
  std::size_t next_to_open_ = 0;
  std::vector<std::unique_ptr<Stream>> streams_;
};

} // namespace agenthost::integration
