// The HTTP server: Poco's HTTPServer with our routing, error mapping, request ids and request
// log (see request_dispatcher.hpp), and a graceful stop.
//
// Each connection holds a worker thread while it is open (Poco's model), so `threads` bounds
// concurrent connections, not just concurrent requests; `max_queued` accepted connections
// wait for a thread, and beyond that new connections are closed without a response.
#pragma once

#include "common/logger.hpp"
#include "http/router.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace Poco {
class ThreadPool;
namespace Net {
class HTTPServer;
}
} // namespace Poco

namespace agenthost::http {

struct DispatchContext;

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080; // 0: the OS picks a free port; read it from HttpServer::port()
  int threads = 16;
  int max_queued = 64;
  std::size_t max_body_bytes = 1024 * 1024;
  bool keep_alive = true;
  std::chrono::seconds keep_alive_timeout{15};
};

class HttpServer {
public:
  // Throws Error(ErrorKind::config) naming the option when an option is out of range.
  HttpServer(HttpServerOptions options, Router router, std::shared_ptr<Logger> logger);
  // Stops with no grace period if still running.
  ~HttpServer();

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving. Throws Error(ErrorKind::config) when the address cannot be
  // bound (in use, not local, not resolvable), Error(ErrorKind::internal) when already started.
  void start();

  // The bound port (the chosen one when options.port was 0); 0 before start().
  std::uint16_t port() const noexcept { return port_; }
  bool running() const noexcept { return server_ != nullptr; }

  // Stops accepting connections at once, then lets requests already inside handlers finish
  // for up to `grace`; their responses close the connection. When the grace period ends,
  // remaining connections are shut down, so a late handler's writes fail fast. Returns when
  // every worker thread has finished (a handler is never killed mid-call), true when all
  // in-flight requests completed within the grace period. Does nothing (returns true) when
  // not running.
  bool stop(std::chrono::milliseconds grace);

private:
  HttpServerOptions options_;
  std::shared_ptr<DispatchContext> context_;
  std::unique_ptr<Poco::ThreadPool> threads_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::uint16_t port_ = 0;
};

} // namespace agenthost::http
