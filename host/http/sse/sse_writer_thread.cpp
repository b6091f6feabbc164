#include "http/sse/sse_writer_thread.hpp"

#include "common/error.hpp"
#include "http/sse/sse_stream_state.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace agenthost::http {

namespace {

constexpr int kMaxEventsPerWait = 256;
constexpr std::size_t kMaxIovecs = 64;
const std::string kHeartbeat = ": keep-alive\n\n";

// Marks the stream finished and hands back its close callback, to be run with no lock held
// (it usually unsubscribes from the event log, whose appenders may be sending to this stream).
std::function<void()> finish(SseStream::State& state, const std::string& reason) {
  std::lock_guard<std::mutex> lock(state.mutex);
  if (state.finished) return {};
  state.finished = true;
  if (!state.close_requested) {
    state.close_requested = true;
    state.close_reason = reason;
  }
  state.pending.clear();
  state.buffered = 0;
  return std::move(state.on_closed);
}

} // namespace

SseWriterThread::SseWriterThread(SseWriter& owner) : owner_(owner) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0) {
    const std::string reason = std::strerror(errno);
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
    throw Error(ErrorKind::internal, "cannot create the SSE writer's epoll set: " + reason +
                                         "; raise the open file limit (ulimit -n)");
  }
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.fd = wake_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake);
  thread_ = std::thread([this] { run(); });
}

SseWriterThread::~SseWriterThread() {
  stop();
  ::close(epoll_fd_);
  ::close(wake_fd_);
}

void SseWriterThread::wake() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = ::write(wake_fd_, &one, sizeof one);
}

void SseWriterThread::adopt(std::shared_ptr<SseStream> stream) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_) {
      incoming_.push_back(std::move(stream));
      count_.fetch_add(1);
      wake();
      return;
    }
  }
  stream->closed_.store(true);
  if (auto callback = finish(stream->state(), "the server is stopping")) callback();
  stream->state().socket.close();
}

void SseWriterThread::schedule(std::shared_ptr<SseStream> stream) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_) return;
  const bool was_idle = ready_.empty();
  ready_.push_back(std::move(stream));
  if (was_idle) wake(); // one eventfd write per batch, not per frame
}

void SseWriterThread::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    wake();
  }
  if (thread_.joinable()) thread_.join();
}

void SseWriterThread::run() {
  const auto heartbeat = owner_.options_.heartbeat;
  // Checking four times per heartbeat keeps the comment within 25% of its period.
  const auto tick = std::clamp(heartbeat / 4, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
  auto next_heartbeat_check = std::chrono::steady_clock::now() + tick;
  std::array<epoll_event, kMaxEventsPerWait> events{};
  std::vector<std::shared_ptr<SseStream>> ready;

  for (;;) {
    const int n = ::epoll_wait(epoll_fd_, events.data(), kMaxEventsPerWait, static_cast<int>(tick.count()));
    for (int i = 0; i < n; ++i) {
      if (events[i].data.fd == wake_fd_) {
        std::uint64_t drained = 0;
        [[maybe_unused]] const auto read = ::read(wake_fd_, &drained, sizeof drained);
        continue;
      }
      const auto found = streams_.find(events[i].data.fd);
      if (found == streams_.end()) continue;
      const std::shared_ptr<SseStream> stream = found->second;
      if (events[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) read_or_detect_close(stream);
      if ((events[i].events & EPOLLOUT) && !stream->state().finished) flush(stream);
    }

    bool stopping = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping = stopping_;
      ready.swap(ready_);
    }
    take_new_streams();
    for (const auto& stream : ready) flush(stream);
    ready.clear();

    if (stopping) break;
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_heartbeat_check) {
      send_heartbeats();
      next_heartbeat_check = now + tick;
    }
  }

  take_new_streams();
  std::vector<std::shared_ptr<SseStream>> remaining;
  for (const auto& entry : streams_) remaining.push_back(entry.second);
  for (const auto& stream : remaining) close_stream(stream, "the server is stopping", false);
}

void SseWriterThread::take_new_streams() {
  std::vector<std::shared_ptr<SseStream>> incoming;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    incoming.swap(incoming_);
  }
  for (const auto& stream : incoming) {
    SseStream::State& state = stream->state();
    epoll_event interest{};
    interest.events = EPOLLIN | EPOLLRDHUP;
    interest.data.fd = state.fd;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, state.fd, &interest) != 0) {
      streams_.emplace(state.fd, stream); // so close_stream finds and counts it
      close_stream(stream, std::string("cannot watch the socket: ") + std::strerror(errno), false);
      continue;
    }
    streams_[state.fd] = stream;
    flush(stream); // frames queued between adopt and now
  }
}

void SseWriterThread::set_writable_interest(SseStream& stream, bool want) {
  SseStream::State& state = stream.state();
  if (state.waiting_writable == want) return;
  epoll_event interest{};
  interest.events = EPOLLIN | EPOLLRDHUP | (want ? EPOLLOUT : 0u);
  interest.data.fd = state.fd;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, state.fd, &interest);
  state.waiting_writable = want;
}

void SseWriterThread::flush(const std::shared_ptr<SseStream>& stream) {
  SseStream::State& state = stream->state();
  if (streams_.find(state.fd) == streams_.end() || streams_[state.fd] != stream) {
    // Not registered yet (take_new_streams flushes it) or already closed.
    std::lock_guard<std::mutex> lock(state.mutex);
    state.scheduled = false;
    return;
  }
  std::string failure;
  bool dropped = false;
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    state.scheduled = false;
    if (state.close_requested) {
      failure = state.close_reason;
      dropped = failure.rfind("slow client", 0) == 0;
    } else {
      while (!state.pending.empty()) {
        std::array<iovec, kMaxIovecs> parts{};
        std::size_t count = 0;
        for (auto it = state.pending.begin(); it != state.pending.end() && count < kMaxIovecs; ++it, ++count) {
          const std::size_t skip = count == 0 ? state.offset : 0;
          parts[count].iov_base = const_cast<char*>((*it)->data() + skip);
          parts[count].iov_len = (*it)->size() - skip;
        }
        msghdr message{};
        message.msg_iov = parts.data();
        message.msg_iovlen = count;
        const ssize_t sent = ::sendmsg(state.fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent < 0) {
          if (errno == EINTR) continue;
          if (errno == EAGAIN || errno == EWOULDBLOCK) break;
          failure = std::string("write failed: ") + std::strerror(errno);
          break;
        }
        std::size_t left = static_cast<std::size_t>(sent);
        state.buffered -= left;
        while (left > 0) {
          const std::size_t rest = state.pending.front()->size() - state.offset;
          if (left >= rest) {
            left -= rest;
            state.pending.pop_front();
            state.offset = 0;
          } else {
            state.offset += left;
            left = 0;
          }
        }
      }
    }
  }
  if (!failure.empty()) {
    close_stream(stream, failure, dropped);
    return;
  }
  bool blocked = false;
  {
    std::lock_guard<std::mutex> lock(state.mutex);
    blocked = !state.pending.empty();
  }
  set_writable_interest(*stream, blocked);
}

void SseWriterThread::read_or_detect_close(const std::shared_ptr<SseStream>& stream) {
  // SSE clients send nothing after the request; read and discard, watching for the close.
  std::array<char, 512> scratch{};
  for (;;) {
    const ssize_t got = ::recv(stream->state().fd, scratch.data(), scratch.size(), MSG_DONTWAIT);
    if (got > 0) continue;
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    close_stream(stream, got == 0 ? "client closed the stream" : std::string("read failed: ") + std::strerror(errno),
                 false);
    return;
  }
}

void SseWriterThread::send_heartbeats() {
  const auto now = std::chrono::steady_clock::now();
  const auto period = owner_.options_.heartbeat;
  static const SseStream::Frame heartbeat = std::make_shared<const std::string>(kHeartbeat);
  std::vector<std::shared_ptr<SseStream>> due;
  for (const auto& entry : streams_) {
    SseStream::State& state = entry.second->state();
    std::lock_guard<std::mutex> lock(state.mutex);
    if (now - state.last_frame >= period) due.push_back(entry.second);
  }
  for (const auto& stream : due) {
    stream->send(heartbeat);
    flush(stream);
  }
}

void SseWriterThread::close_stream(const std::shared_ptr<SseStream>& stream, const std::string& reason, bool dropped) {
  SseStream::State& state = stream->state();
  const auto found = streams_.find(state.fd);
  if (found == streams_.end() || found->second != stream) return;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, state.fd, nullptr);
  streams_.erase(found);
  count_.fetch_sub(1);
  stream->closed_.store(true);
  auto callback = finish(state, reason);
  state.socket.close();
  if (dropped) {
    owner_.dropped_.fetch_add(1);
    owner_.logger_->warn("sse client dropped", {{"stream", state.description}, {"reason", reason}});
  } else {
    owner_.logger_->debug("sse stream closed", {{"stream", state.description}, {"reason", reason}});
  }
  if (callback) callback();
}

} // namespace agenthost::http
