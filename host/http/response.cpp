#include "http/response.hpp"

#include "common/error.hpp"
#include "http/body_reader.hpp"

#include <Poco/Net/HTTPServerResponse.h>

#include <ostream>
#include <stdexcept>

namespace agenthost::http {

namespace {

// RFC 9110 §6.4.1: these responses never have content, nor a Content-Length describing one.
bool status_forbids_body(int status) { return status < 200 || status == 204 || status == 304; }

} // namespace

Response::Response(Poco::Net::HTTPServerResponse& poco, const BodyReader& request_body,
                   bool head_request, const std::atomic<bool>& server_draining)
    : poco_(poco), request_body_(request_body), head_request_(head_request),
      server_draining_(server_draining) {}

void Response::set_header(const std::string& name, const std::string& value) {
  poco_.set(name, value);
}

void Response::send_json(int status, std::string_view json) {
  send(status, "application/json", json);
}

void Response::send(int status, std::string_view content_type, std::string_view body) {
  if (sent()) {
    throw Error(ErrorKind::internal, "handler tried to send a second response (status " +
                                         std::to_string(status) + ") for one request");
  }
  if (status < 100 || status > 599) {
    throw Error(ErrorKind::internal,
                "handler tried to send invalid HTTP status " + std::to_string(status));
  }
  const bool bodiless = status_forbids_body(status);
  if (bodiless && !body.empty()) {
    throw Error(ErrorKind::internal, "handler tried to send a body with status " +
                                         std::to_string(status) + ", which cannot carry one");
  }

  poco_.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  if (!content_type.empty()) poco_.setContentType(std::string(content_type));
  if (!bodiless) poco_.setContentLength64(static_cast<Poco::Int64>(body.size()));
  // Unread body bytes would be parsed as the next request, so the connection must close; and
  // a draining server closes every connection it answers on.
  if (request_body_.has_unread_bytes() || server_draining_.load()) poco_.setKeepAlive(false);

  std::ostream& out = poco_.send(); // header-only stream for HEAD and bodiless statuses
  if (!head_request_ && !bodiless)
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
  out.flush();
  // Poco's streams turn socket errors into a bad stream state rather than exceptions.
  if (!out) {
    throw std::runtime_error("connection failed while sending the response (status " +
                             std::to_string(status) +
                             "); the client went away or the server is stopping");
  }
}

bool Response::sent() const { return taken_over_ || poco_.sent(); }

int Response::status() const {
  return taken_over_ ? taken_over_status_ : static_cast<int>(poco_.getStatus());
}

void Response::mark_taken_over(int status) {
  taken_over_ = true;
  taken_over_status_ = status;
}

} // namespace agenthost::http
