// Internal to the SSE writer: one thread with its own epoll set, serving a share of the streams.
#pragma once

#include "http/sse/sse_writer.hpp"

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace agenthost::http {

class SseWriterThread {
public:
  explicit SseWriterThread(SseWriter& owner);
  ~SseWriterThread(); // stops and joins
  SseWriterThread(const SseWriterThread&) = delete;
  SseWriterThread& operator=(const SseWriterThread&) = delete;

  // From any thread.
  void adopt(std::shared_ptr<SseStream> stream);
  void schedule(std::shared_ptr<SseStream> stream); // has bytes to write or must close
  void stop();
  std::size_t stream_count() const noexcept { return count_.load(); }

private:
  void run();
  void take_new_streams();
  void flush(const std::shared_ptr<SseStream>& stream);
  void read_or_detect_close(const std::shared_ptr<SseStream>& stream);
  void send_heartbeats();
  void close_stream(const std::shared_ptr<SseStream>& stream, const std::string& reason, bool dropped);
  void set_writable_interest(SseStream& stream, bool want);
  void wake();

  SseWriter& owner_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::thread thread_;

  std::mutex mutex_; // guards the three below
  std::vector<std::shared_ptr<SseStream>> incoming_;
  std::vector<std::shared_ptr<SseStream>> ready_;
  bool stopping_ = false;

  std::unordered_map<int, std::shared_ptr<SseStream>> streams_; // writer thread only, by fd
  std::atomic<std::size_t> count_{0};
};

} // namespace agenthost::http
