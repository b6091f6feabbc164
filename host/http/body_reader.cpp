#include "http/body_reader.hpp"

#include "common/error.hpp"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

#include <istream>

namespace agenthost::http {

namespace {

// A request has a body only with Content-Length > 0 or chunked encoding (RFC 9112 §6.3): a
// POST with neither has an empty body, and reading its stream would wait for the client to
// close the connection.
bool declares_body(const Poco::Net::HTTPServerRequest& request) {
  if (request.getChunkedTransferEncoding()) return true;
  return request.hasContentLength() && request.getContentLength64() > 0;
}

} // namespace

BodyReader::BodyReader(Poco::Net::HTTPServerRequest& request, std::size_t max_bytes)
    : request_(request), max_bytes_(max_bytes), declares_body_(declares_body(request)) {}

bool BodyReader::has_unread_bytes() const noexcept { return declares_body_ && !consumed_; }

void BodyReader::discard_unread(std::size_t max_bytes) noexcept {
  if (!has_unread_bytes()) return;
  consumed_ = true;
  try {
    if (auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request_)) {
      impl->socket().setReceiveTimeout(Poco::Timespan(1, 0)); // a stalled client costs 1 s, not 60
    }
    std::istream& stream = request_.stream();
    char buffer[16384];
    std::size_t dropped = 0;
    while (stream && dropped < max_bytes) {
      stream.read(buffer, sizeof buffer);
      dropped += static_cast<std::size_t>(stream.gcount());
    }
  } catch (...) {
    // The client went away or stalled: the connection closes either way.
  }
}

void BodyReader::fail(Error error) {
  failure_ = error;
  throw error;
}

void BodyReader::refuse(const std::string& size_description) {
  fail(Error(ErrorKind::payload_too_large,
             "request body of " + size_description + " exceeds the limit of " +
                 std::to_string(max_bytes_) + " bytes; send a smaller body"));
}

const std::string& BodyReader::read() {
  // The stream is left mid-body after a failure; reading on would return garbage.
  if (failure_) throw *failure_;
  if (consumed_ || !declares_body_) {
    consumed_ = true;
    return body_;
  }
  if (!request_.getChunkedTransferEncoding()) {
    const auto declared = static_cast<unsigned long long>(request_.getContentLength64());
    if (declared > max_bytes_) refuse(std::to_string(declared) + " bytes");
  }

  // Stop within one buffer past the cap: enough to know a chunked body is too large without
  // buffering the whole of it.
  std::istream& stream = request_.stream();
  char buffer[8192];
  while (stream) {
    stream.read(buffer, sizeof buffer);
    body_.append(buffer, static_cast<std::size_t>(stream.gcount()));
    if (body_.size() > max_bytes_) {
      body_.clear();
      refuse("more than " + std::to_string(max_bytes_) + " bytes");
    }
  }
  // A Content-Length body that ends early means the client disconnected mid-body; a truncated
  // body must not reach a handler as if it were whole. (Poco 1.11's chunked reader reports a
  // broken or truncated chunked body as a normal end, so only a bad stream catches those.)
  const bool truncated = !request_.getChunkedTransferEncoding() &&
                         body_.size() < static_cast<std::size_t>(request_.getContentLength64());
  if (stream.bad() || truncated) {
    fail(Error(ErrorKind::invalid_request,
               "request body ended after " + std::to_string(body_.size()) +
                   " bytes, before its declared end; resend the complete body"));
  }
  consumed_ = true;
  return body_;
}

} // namespace agenthost::http
