// Reads a request body once, refusing bodies over the server's size cap.
//
// Shared by Request (which hands the body to handlers) and Response (which must close the
// connection when a body was left unread: its bytes would otherwise be parsed as the next
// request on a keep-alive connection).
#pragma once

#include "common/error.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace Poco::Net {
class HTTPServerRequest;
}

namespace agenthost::http {

class BodyReader {
public:
  BodyReader(Poco::Net::HTTPServerRequest& request, std::size_t max_bytes);

  // The whole body, read on first call and kept. Throws Error(ErrorKind::payload_too_large)
  // when the declared or actual size exceeds the cap (a declared oversize body is refused
  // before any of it is read), Error(ErrorKind::invalid_request) when the body ends before its
  // declared length. Later calls throw the same error again.
  const std::string& read();

  // True while the request still has body bytes on the wire that nobody consumed.
  bool has_unread_bytes() const noexcept;

  // After a response went out on a request whose body was left unread (a 413, an early
  // error): reads and drops up to `max_bytes` more of it, waiting at most about a second for
  // each read, before the server closes the connection. Closing a socket with unread bytes
  // makes the kernel send a reset, which can destroy the response before the client reads
  // it; a client still uploading then sees "connection reset" instead of the 413.
  void discard_unread(std::size_t max_bytes) noexcept;

  // For a handler that read the body itself from the request's stream (a streamed upload) and
  // reached its end: the connection may then stay open for the client's next request.
  void mark_read_to_end() noexcept { consumed_ = true; }

  std::size_t max_bytes() const noexcept { return max_bytes_; }

private:
  [[noreturn]] void fail(Error error);
  [[noreturn]] void refuse(const std::string& size_description);

  Poco::Net::HTTPServerRequest& request_;
  std::size_t max_bytes_;
  bool declares_body_;
  bool consumed_ = false;
  std::string body_;
  std::optional<Error> failure_; // rethrown by later reads
};

} // namespace agenthost::http
