#include "http/http_server.hpp"

#include "common/error.hpp"
#include "http/request_dispatcher.hpp"

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

namespace agenthost::http {

namespace {

constexpr int kMaxThreads = 4096;
constexpr int kListenBacklog = 128;
constexpr int kIdleThreadSeconds = 60;

void validate(const HttpServerOptions& options) {
  const auto reject = [](const std::string& what) {
    throw Error(ErrorKind::config, "invalid HTTP server option: " + what);
  };
  if (options.host.empty()) reject("host is empty; use an address such as 127.0.0.1 or 0.0.0.0");
  if (options.threads < 1 || options.threads > kMaxThreads) {
    reject("threads = " + std::to_string(options.threads) + "; use a value from 1 to " +
           std::to_string(kMaxThreads));
  }
  if (options.max_queued < 1)
    reject("max_queued = " + std::to_string(options.max_queued) + "; use at least 1");
  if (options.max_body_bytes < 1) reject("max_body_bytes = 0; use at least 1");
  if (options.keep_alive_timeout.count() < 1) {
    reject("keep_alive_timeout = " + std::to_string(options.keep_alive_timeout.count()) +
           "s; use at least 1s");
  }
}

} // namespace

HttpServer::HttpServer(HttpServerOptions options, Router router, std::shared_ptr<Logger> logger)
    : options_(std::move(options)) {
  validate(options_);
  if (!logger)
    throw Error(ErrorKind::internal,
                "HttpServer needs a logger; pass one (it writes the request log)");
  context_ = std::make_shared<DispatchContext>(std::move(router), std::move(logger),
                                               options_.max_body_bytes);
}

HttpServer::~HttpServer() { stop(std::chrono::milliseconds(0)); }

void HttpServer::start() {
  if (server_) throw Error(ErrorKind::internal, "HttpServer::start called on a running server");

  const std::string address = options_.host + ":" + std::to_string(options_.port);
  Poco::Net::ServerSocket socket;
  try {
    // SO_REUSEADDR lets a restarted host rebind while old connections sit in TIME_WAIT;
    // SO_REUSEPORT stays off, or a second instance would silently share the port.
    socket.bind(Poco::Net::SocketAddress(options_.host, options_.port), /*reuseAddress=*/true,
                /*reusePort=*/false);
    socket.listen(kListenBacklog);
  } catch (const Poco::Exception& error) {
    throw Error(ErrorKind::config, "cannot listen on " + address + ": " + error.displayText() +
                                       "; choose a free port, or an address of this machine");
  }

  Poco::AutoPtr<Poco::Net::HTTPServerParams> params(new Poco::Net::HTTPServerParams);
  params->setMaxThreads(options_.threads);
  params->setMaxQueued(options_.max_queued);
  params->setKeepAlive(options_.keep_alive);
  params->setKeepAliveTimeout(Poco::Timespan(options_.keep_alive_timeout.count(), 0));
  params->setServerName(options_.host);
  params->setSoftwareVersion(""); // no Server header: it tells attackers more than clients

  port_ = socket.address().port();
  context_->draining = false;
  threads_ = std::make_unique<Poco::ThreadPool>(1, options_.threads, kIdleThreadSeconds);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new RequestDispatcher(context_), *threads_,
                                                    socket, params);
  // Poco's TCPServer sets TCP_NODELAY on every connection it accepts, so a small response or
  // SSE frame never waits for the peer's delayed ACK (the 40 ms stall); a test guards that.
  server_->start();
}

bool HttpServer::stop(std::chrono::milliseconds grace) {
  if (!server_) return true;
  const auto deadline = std::chrono::steady_clock::now() + grace;

  context_->draining = true;
  // Stops the acceptor and drops connections still queued for a thread; connections already
  // on a worker thread keep running.
  server_->stop();
  const bool drained = context_->in_flight.wait_until_idle(deadline);
  // Shut down every remaining connection: idle keep-alive ones (which would otherwise hold
  // their thread until the keep-alive timeout) and any request that outlived the grace period.
  server_->stopAll(/*abortCurrent=*/true);
  threads_->joinAll();

  server_.reset();
  threads_.reset();
  return drained;
}

} // namespace agenthost::http
