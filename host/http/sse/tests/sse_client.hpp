// A minimal raw-socket SSE client for tests: one request, the response head, then frames.
// Every wait is bounded (kWait) so a server bug fails the test instead of hanging it.
#pragma once

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace agenthost::http::testing {

struct SseFrame {
  std::string raw;   // the frame's text without the blank line
  std::string id;
  std::string event;
  std::string data;
  bool comment() const { return !raw.empty() && raw.front() == ':'; }
};

class SseClient {
public:
  static constexpr std::chrono::milliseconds kWait{10000};

  // `receive_buffer`: SO_RCVBUF before connecting (0: the system default), to make a slow client.
  SseClient(std::uint16_t port, const std::string& target, const std::string& token,
            const std::string& extra_headers = {}, int receive_buffer = 0) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket() failed; raise the open file limit");
    if (receive_buffer > 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
      throw std::runtime_error("connect to the test server failed");
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
    if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
    request += extra_headers + "\r\n";
    if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size()))
      throw std::runtime_error("sending the request failed");
  }
  ~SseClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  SseClient(const SseClient&) = delete;
  SseClient& operator=(const SseClient&) = delete;

  // Reads the status line and headers; returns the status (0 on timeout or close).
  int read_head() {
    const auto end = read_until("\r\n\r\n");
    if (!end) return 0;
    const std::string head = buffer_.substr(0, *end);
    buffer_.erase(0, *end + 4);
    std::size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    while (line_end != std::string::npos) {
      const std::size_t start = line_end + 2;
      line_end = head.find("\r\n", start);
      const std::string line = head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    status = std::stoi(status_line.substr(9, 3));
    return status;
  }

  // The next frame; nullopt on timeout or when the server closed the stream.
  std::optional<SseFrame> next_frame() {
    const auto end = read_until("\n\n");
    if (!end) return std::nullopt;
    SseFrame frame;
    frame.raw = buffer_.substr(0, *end);
    buffer_.erase(0, *end + 2);
    std::size_t start = 0;
    while (start <= frame.raw.size()) {
      const std::size_t stop = frame.raw.find('\n', start);
      const std::string line = frame.raw.substr(start, stop == std::string::npos ? std::string::npos : stop - start);
      if (line.rfind("id: ", 0) == 0) frame.id = line.substr(4);
      if (line.rfind("event: ", 0) == 0) frame.event = line.substr(7);
      if (line.rfind("data: ", 0) == 0) frame.data = line.substr(6);
      if (stop == std::string::npos) break;
      start = stop + 1;
    }
    return frame;
  }

  // The rest of the body after the head (for error responses).
  std::string body_so_far() const { return buffer_; }
  // True when the server closed the connection (reads return 0) within kWait.
  bool wait_closed() {
    while (read_some()) {
    }
    return closed_;
  }

  int status = 0;
  std::map<std::string, std::string> headers;

private:
  std::optional<std::size_t> read_until(const std::string& marker) {
    for (;;) {
      const auto found = buffer_.find(marker);
      if (found != std::string::npos) return found;
      if (!read_some()) return std::nullopt;
    }
  }
  bool read_some() {
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(kWait.count())) <= 0) return false;
    char chunk[16384];
    const ssize_t got = ::recv(fd_, chunk, sizeof chunk, 0);
    if (got <= 0) {
      closed_ = true;
      return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(got));
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
  bool closed_ = false;
};

} // namespace agenthost::http::testing
