#include "sse_swarm.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace agenthost::integration {

using Clock = std::chrono::steady_clock;

enum class StreamState { idle, connecting, awaiting_head, streaming, ended };

struct SseSwarm::Stream {
  std::size_t index = 0;
  int fd = -1;
  StreamState state = StreamState::idle;
  int status = 0;
  std::string outgoing; // the request, as far as it is not sent yet
  std::string incoming; // received bytes not parsed yet
  SseEvent partial;     // the event whose lines are being read
  bool partial_has_fields = false;
  bool terminal = false;
  std::vector<SseEvent> events;
  std::string failure;

  // Consumes complete lines of `incoming`: the head first, then SSE fields and events.
  void parse();
  void take_field(const std::string& line);
};

void SseSwarm::Stream::parse() {
  if (state == StreamState::awaiting_head) {
    const std::size_t end = incoming.find("\r\n\r\n");
    if (end == std::string::npos) return;
    // "HTTP/1.1 200 OK"
    status = incoming.size() >= 12 && incoming.compare(0, 5, "HTTP/") == 0 ? std::atoi(incoming.c_str() + 9) : -1;
    incoming.erase(0, end + 4);
    state = StreamState::streaming;
  }
  if (status != 200) { // an error body, not a stream: the caller closes it
    incoming.clear();
    return;
  }
  std::size_t start = 0;
  for (std::size_t end; (end = incoming.find('\n', start)) != std::string::npos; start = end + 1) {
    std::string line = incoming.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (partial_has_fields) {
        terminal = terminal || is_terminal(partial);
        events.push_back(std::move(partial));
      }
      partial = SseEvent{};
      partial_has_fields = false;
    } else if (line[0] != ':') { // ':' starts a heartbeat comment
      take_field(line);
    }
  }
  incoming.erase(0, start);
}

void SseSwarm::Stream::take_field(const std::string& line) {
  const std::size_t colon = line.find(':');
  const std::string field = line.substr(0, colon);
  std::string value = colon == std::string::npos ? std::string() : line.substr(colon + 1);
  if (!value.empty() && value[0] == ' ') value.erase(0, 1);
  partial_has_fields = true;
  if (field == "id") partial.id = std::strtoll(value.c_str(), nullptr, 10);
  if (field == "event") partial.type = value;
  if (field == "data") {
    try {
      partial.data = json::parse(value);
    } catch (const std::exception&) {
      partial.data = json::Value(value); // kept as text, so the assertion that reads it shows it
    }
  }
}

SseSwarm::SseSwarm(int port, std::string token) : port_(port), token_(std::move(token)) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
}

SseSwarm::~SseSwarm() {
  for (const auto& stream : streams_)
    if (stream->fd >= 0) ::close(stream->fd);
  ::close(epoll_fd_);
}

void SseSwarm::open(const std::string& path_and_query, std::size_t count, std::size_t max_pending,
                    std::chrono::milliseconds timeout) {
  path_ = path_and_query;
  const std::size_t first = streams_.size();
  for (std::size_t i = 0; i < count; ++i) {
    auto stream = std::make_unique<Stream>();
    stream->index = first + i;
    streams_.push_back(std::move(stream));
  }
  pump(Clock::now() + timeout, std::max<std::size_t>(max_pending, 1), &SseSwarm::all_opened);
}

std::size_t SseSwarm::read_until_terminal(std::chrono::milliseconds timeout) {
  pump(Clock::now() + timeout, 1, &SseSwarm::all_terminal);
  return static_cast<std::size_t>(
      std::count_if(streams_.begin(), streams_.end(), [](const auto& stream) { return stream->terminal; }));
}

bool SseSwarm::all_opened() const { return next_to_open_ == streams_.size() && pending_ == 0; }

bool SseSwarm::all_terminal() const {
  return std::all_of(streams_.begin(), streams_.end(), [](const auto& stream) {
    return stream->terminal || stream->state == StreamState::ended || stream->state == StreamState::idle;
  });
}

void SseSwarm::pump(Clock::time_point deadline, std::size_t max_pending, bool (SseSwarm::*done)() const) {
  epoll_event ready[256];
  while (!(this->*done)()) {
    while (pending_ < max_pending && next_to_open_ < streams_.size()) start_connecting(next_to_open_++);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return;
    const int n = ::epoll_wait(epoll_fd_, ready, 256, static_cast<int>(std::min<long long>(left, 100)));
    if (n < 0 && errno != EINTR) throw std::runtime_error(std::string("epoll_wait: ") + std::strerror(errno));
    for (int i = 0; i < n; ++i) on_ready(*streams_[ready[i].data.u64], ready[i].events);
  }
}

bool SseSwarm::start_connecting(std::size_t index) {
  Stream& stream = *streams_[index];
  stream.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (stream.fd < 0) {
    stream.state = StreamState::ended;
    stream.failure = std::string("socket: ") + std::strerror(errno) + " (is RLIMIT_NOFILE high enough?)";
    return false;
  }
  const int on = 1;
  ::setsockopt(stream.fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port_));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  stream.outgoing = "GET " + path_ +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    "Authorization: Bearer " +
                    token_ + "\r\n\r\n";
  stream.state = StreamState::connecting;
  ++pending_;
  if (::connect(stream.fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 && errno != EINPROGRESS) {
    close_stream(stream, std::string("connect: ") + std::strerror(errno));
    return false;
  }
  epoll_event interest{};
  interest.events = EPOLLOUT | EPOLLIN;
  interest.data.u64 = index;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, stream.fd, &interest) != 0) {
    close_stream(stream, std::string("epoll_ctl: ") + std::strerror(errno));
    return false;
  }
  return true;
}

void SseSwarm::on_ready(Stream& stream, unsigned events) {
  if (stream.state == StreamState::ended) return;
  if (stream.state == StreamState::connecting && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(stream.fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) return close_stream(stream, std::string("connect: ") + std::strerror(error));
    stream.state = StreamState::awaiting_head;
  }
  if (!stream.outgoing.empty() && (events & EPOLLOUT)) send_request(stream);
  if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) receive(stream);
}

void SseSwarm::send_request(Stream& stream) {
  const ssize_t sent = ::send(stream.fd, stream.outgoing.data(), stream.outgoing.size(), MSG_NOSIGNAL);
  if (sent < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return;
    return close_stream(stream, std::string("send: ") + std::strerror(errno));
  }
  stream.outgoing.erase(0, static_cast<std::size_t>(sent));
  if (!stream.outgoing.empty()) return;
  epoll_event interest{};
  interest.events = EPOLLIN; // the request is out: from now on only reads
  interest.data.u64 = stream.index;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, stream.fd, &interest);
}

void SseSwarm::receive(Stream& stream) {
  char chunk[16384];
  for (;;) {
    const ssize_t n = ::recv(stream.fd, chunk, sizeof chunk, 0);
    if (n > 0) {
      stream.incoming.append(chunk, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (n < 0 && errno == EINTR) continue;
    const bool was_waiting = stream.state == StreamState::awaiting_head;
    stream.parse();
    if (was_waiting && stream.state == StreamState::streaming) --pending_;
    return close_stream(stream, stream.terminal ? "" : n == 0 ? "closed by the server" : std::strerror(errno));
  }
  const bool was_waiting = stream.state == StreamState::awaiting_head;
  stream.parse();
  if (was_waiting && stream.state == StreamState::streaming) --pending_;
  if (stream.state == StreamState::streaming && stream.status != 200)
    close_stream(stream, "answered HTTP " + std::to_string(stream.status) + " instead of a stream");
}

void SseSwarm::close_stream(Stream& stream, const std::string& failure) {
  if (stream.state == StreamState::connecting || stream.state == StreamState::awaiting_head) --pending_;
  if (stream.fd >= 0) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, stream.fd, nullptr);
    ::close(stream.fd);
  }
  stream.fd = -1;
  stream.state = StreamState::ended;
  if (stream.failure.empty()) stream.failure = failure;
}

std::size_t SseSwarm::size() const { return streams_.size(); }

std::size_t SseSwarm::count_with_status(int status) const {
  return static_cast<std::size_t>(
      std::count_if(streams_.begin(), streams_.end(), [&](const auto& stream) { return stream->status == status; }));
}

int SseSwarm::status(std::size_t stream) const { return streams_.at(stream)->status; }

const std::vector<SseEvent>& SseSwarm::events(std::size_t stream) const { return streams_.at(stream)->events; }

const std::string& SseSwarm::failure(std::size_t stream) const { return streams_.at(stream)->failure; }

} // namespace agenthost::integration
