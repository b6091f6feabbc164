// Internal to the SSE writer: what one stream holds, shared by senders and its writer thread.
#pragma once

#include "http/sse/sse_writer.hpp"

#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <string>

namespace agenthost::http {

struct SseStream::State {
  Poco::Net::StreamSocket socket;
  int fd = -1;
  std::string description;
  SseWriterThread* thread = nullptr;
  std::size_t buffer_limit = 0;

  std::mutex mutex; // guards everything below
  std::deque<Frame> pending;   // frames not yet fully written; the first from `offset` on
  std::size_t offset = 0;
  std::size_t buffered = 0;    // unsent bytes
  bool scheduled = false;      // in its thread's ready list
  bool close_requested = false;
  std::string close_reason;
  std::chrono::steady_clock::time_point last_frame; // for heartbeats: when something was queued
  std::function<void()> on_closed;
  bool finished = false;       // on_closed ran (or will run from the thread that set this)

  // Writer thread only.
  bool waiting_writable = false; // EPOLLOUT registered
};

} // namespace agenthost::http
