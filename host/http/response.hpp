// How a handler answers: status, headers and a body, sent exactly once.
#pragma once

#include <atomic>
#include <string>
#include <string_view>

namespace Poco::Net {
class HTTPServerResponse;
}

namespace agenthost::http {

class BodyReader;

class Response {
public:
  // `head_request`: send headers only (with the Content-Length a GET would get).
  // `server_draining`: while set, responses close their connection.
  Response(Poco::Net::HTTPServerResponse& poco, const BodyReader& request_body, bool head_request,
           const std::atomic<bool>& server_draining);

  // Adds or replaces a header on the response to be sent.
  void set_header(const std::string& name, const std::string& value);

  // Sends `json` with Content-Type: application/json.
  void send_json(int status, std::string_view json);
  // Sends `body` with the given Content-Type (omitted when empty). Throws
  // Error(ErrorKind::internal) when a response was already sent, `status` is outside 100..599,
  // or a 1xx/204/304 status is given a body; throws std::runtime_error when the connection
  // fails while sending (the client went away), which the server logs.
  void send(int status, std::string_view content_type, std::string_view body);

  // True once a response went out: through this object, through poco() directly, or because
  // the handler took the connection over.
  bool sent() const;
  // The status sent (or, before sending, the one Poco would send).
  int status() const;

  // For handlers that take the connection away from the server (an SSE stream detaches the
  // socket): records the status for the request log and stops the server from sending
  // anything on this request.
  void mark_taken_over(int status);
  bool taken_over() const noexcept { return taken_over_; }

  // The underlying Poco response, for what this helper does not cover.
  Poco::Net::HTTPServerResponse& poco() noexcept { return poco_; }

private:
  Poco::Net::HTTPServerResponse& poco_;
  const BodyReader& request_body_;
  bool head_request_;
  const std::atomic<bool>& server_draining_;
  bool taken_over_ = false;
  int taken_over_status_ = 0;
};

} // namespace agenthost::http
