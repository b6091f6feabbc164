// A canary for the SSRF tests: a socket listening on a loopback address (127.0.0.1 or ::1) that
// accepts and counts connections and answers nothing. Anything the egress policy let through to
// loopback shows up as accepted() > 0.
#pragma once

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <string>
#include <thread>

namespace agenthost::integration {

class CanaryListener {
public:
  // `address` "127.0.0.1" or "::1"; the port is a free one.
  explicit CanaryListener(const std::string& address = "127.0.0.1")
      : server_(Poco::Net::SocketAddress(address, 0)), thread_([this] { run(); }) {}
  ~CanaryListener() {
    stop_ = true;
    thread_.join();
  }
  CanaryListener(const CanaryListener&) = delete;
  CanaryListener& operator=(const CanaryListener&) = delete;

  int port() const { return server_.address().port(); }
  int accepted() const { return accepted_; }

private:
  void run() {
    while (!stop_) {
      if (!server_.poll(Poco::Timespan(50 * 1000), Poco::Net::Socket::SELECT_READ)) continue;
      Poco::Net::StreamSocket client = server_.acceptConnection();
      ++accepted_;
    }
  }
  Poco::Net::ServerSocket server_;
  std::atomic<int> accepted_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

} // namespace agenthost::integration
