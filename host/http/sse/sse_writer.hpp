// Serves every Server-Sent-Events stream of the process from a few threads.
//
// Poco's HTTPServer holds a thread per connection, which would cap concurrent streams at the
// pool size. A stream handler sends its response headers, detaches the socket from Poco
// (HTTPServerRequestImpl::detachSocket) and adopts it here. Each writer thread owns an epoll
// set of streams and writes them non-blocking; a stream's unsent bytes are bounded
// (`buffer_bytes`) and a client that falls that far behind is dropped with a log line instead
// of stalling the others or growing memory. After `heartbeat` of silence a stream gets the
// comment line ": keep-alive" so proxies and clients see the connection alive.
#pragma once

#include "common/logger.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace Poco::Net {
class StreamSocket;
}

namespace agenthost::http {

struct SseWriterOptions {
  int threads = 2;                             // [events] writer_threads
  std::size_t buffer_bytes = 1024 * 1024;      // [events] stream_buffer: per stream
  std::chrono::milliseconds heartbeat{15000};  // [events] heartbeat_seconds
};

class SseWriterThread; // internal

// One adopted stream. Thread-safe; hold it as long as you want to send on it.
class SseStream : public std::enable_shared_from_this<SseStream> {
public:
  using Frame = std::shared_ptr<const std::string>; // one complete SSE frame ("...\n\n")

  // Queues a frame; false when the stream is closed (client gone, dropped as too slow, or the
  // writer stopped): the caller should stop sending.
  bool send(Frame frame);
  bool send(std::string frame) { return send(std::make_shared<const std::string>(std::move(frame))); }
  bool closed() const noexcept { return closed_.load(); }

  // Runs once, on a writer thread (or in SseWriter::stop), when the stream closes for any
  // reason; release what feeds the stream there (e.g. an EventLog subscription). Runs at once
  // when the stream is already closed.
  void on_closed(std::function<void()> callback);

  // Closes the stream from the server side (the writer closes the socket soon after).
  void close();

  // Internal state, used by the writer thread.
  struct State;
  explicit SseStream(std::unique_ptr<State> state);
  ~SseStream();
  State& state() noexcept { return *state_; }

private:
  friend class SseWriterThread;
  std::unique_ptr<State> state_;
  std::atomic<bool> closed_{false};
};

class SseWriter {
public:
  SseWriter(SseWriterOptions options, std::shared_ptr<Logger> logger);
  // Stops (closing every stream) if still running.
  ~SseWriter();
  SseWriter(const SseWriter&) = delete;
  SseWriter& operator=(const SseWriter&) = delete;

  // Takes the socket over (its HTTP headers already sent); sets it non-blocking and
  // TCP_NODELAY. `description` (e.g. the request id) names the stream in log lines. After
  // stop(), the returned stream is already closed.
  std::shared_ptr<SseStream> adopt(Poco::Net::StreamSocket socket, std::string description);

  // Closes every stream (running their on_closed callbacks) and joins the threads. Idempotent.
  void stop();

  std::size_t stream_count() const;
  std::uint64_t dropped_count() const noexcept { return dropped_.load(); }
  const SseWriterOptions& options() const noexcept { return options_; }

private:
  friend class SseWriterThread;
  SseWriterOptions options_;
  std::shared_ptr<Logger> logger_;
  std::vector<std::unique_ptr<SseWriterThread>> threads_;
  std::atomic<std::size_t> next_thread_{0};
  std::atomic<bool> stopped_{false};
  std::atomic<std::uint64_t> dropped_{0};
};

// "id: <seq>\nevent: <type>\ndata: <data>\n\n"; `data` must be one line.
std::string sse_frame(std::int64_t id, std::string_view event, std::string_view data);

} // namespace agenthost::http
