// Shared by the HTTP server tests: a log sink the tests can wait on, and a one-call client.
#pragma once

#include "common/logger.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace agenthost::http::testing {

// A Logger whose lines the test can read, and wait for: the request line is written after the
// response went out, so a client can see the response before the line exists.
class CapturedLog {
public:
  CapturedLog()
      : logger_(std::make_shared<Logger>(LogLevel::debug, [this](std::string_view line) {
          std::lock_guard<std::mutex> lock(mutex_);
          lines_.emplace_back(line);
          changed_.notify_all();
        })) {}

  std::shared_ptr<Logger> logger() const { return logger_; }

  std::vector<std::string> lines() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return lines_;
  }

  // True when at least `count` lines arrived within `timeout`.
  bool wait_for_lines(std::size_t count,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5)) const {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return lines_.size() >= count; });
  }

private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<std::string> lines_;
  std::shared_ptr<Logger> logger_;
};

inline Poco::JSON::Object::Ptr parse_json_object(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

struct FetchResult {
  int status = 0;
  Poco::Net::NameValueCollection headers;
  std::string body;
  bool keep_alive = false;

  std::string header(const std::string& name) const { return headers.get(name, ""); }
  Poco::JSON::Object::Ptr json() const { return parse_json_object(body); }
  std::string error_type() const {
    return json()->getObject("error")->getValue<std::string>("type");
  }
  std::string error_message() const {
    return json()->getObject("error")->getValue<std::string>("message");
  }
};

struct FetchOptions {
  std::string body;
  bool send_body = false; // also send an empty body (Content-Length: 0)
  bool chunked = false;
  std::vector<std::pair<std::string, std::string>> headers;
};

inline FetchOptions with_body(std::string body) {
  FetchOptions options;
  options.body = std::move(body);
  options.send_body = true;
  return options;
}

inline FetchOptions with_chunked_body(std::string body) {
  FetchOptions options = with_body(std::move(body));
  options.chunked = true;
  return options;
}

inline FetchOptions with_header(std::string name, std::string value) {
  FetchOptions options;
  options.headers.emplace_back(std::move(name), std::move(value));
  return options;
}

// Keep-alive on, as real clients do; a 10 s timeout so a server bug fails the test, not hangs it.
inline std::unique_ptr<Poco::Net::HTTPClientSession> client_session(std::uint16_t port) {
  auto session = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", port);
  session->setKeepAlive(true);
  session->setTimeout(Poco::Timespan(10, 0));
  return session;
}

inline FetchResult fetch_on(Poco::Net::HTTPClientSession& session, const std::string& method,
                            const std::string& target, const FetchOptions& options = {}) {
  Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [name, value] : options.headers) request.set(name, value);
  const bool has_body = options.send_body || options.chunked || !options.body.empty();
  if (options.chunked) {
    request.setChunkedTransferEncoding(true);
  } else if (has_body) {
    request.setContentLength64(static_cast<Poco::Int64>(options.body.size()));
  }
  std::ostream& out = session.sendRequest(request);
  if (has_body) out << options.body;

  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  FetchResult result;
  result.status = static_cast<int>(response.getStatus());
  result.headers = response;
  result.keep_alive = response.getKeepAlive();
  Poco::StreamCopier::copyToString(in, result.body);
  return result;
}

inline FetchResult fetch(std::uint16_t port, const std::string& method, const std::string& target,
                         const FetchOptions& options = {}) {
  auto session = client_session(port);
  return fetch_on(*session, method, target, options);
}

// Sends `raw` bytes as written, half-closes the connection, and returns everything the
// server answered: for requests no well-behaved client library would send.
inline std::string exchange_raw(std::uint16_t port, const std::string& raw) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port));
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  socket.sendBytes(raw.data(), static_cast<int>(raw.size()));
  socket.shutdownSend();
  std::string answer;
  char buffer[4096];
  int received = 0;
  while ((received = socket.receiveBytes(buffer, sizeof buffer)) > 0) {
    answer.append(buffer, static_cast<std::size_t>(received));
  }
  return answer;
}

} // namespace agenthost::http::testing
