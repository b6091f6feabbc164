// What a handler sees of an HTTP request: a read-only view over Poco's request, plus what
// routing found (path parameters) and what the server assigned (request id).
#pragma once

#include "http/body_reader.hpp"
#include "http/request_target.hpp"
#include "http/router.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace Poco::Net {
class HTTPServerRequest;
}

namespace agenthost::http {

class Request {
public:
  Request(Poco::Net::HTTPServerRequest& poco, BodyReader& body, RequestTarget target,
          PathParams path_params, QueryParams query_params, std::string request_id);

  const std::string& method() const;
  const std::string& path() const noexcept { return target_.path; } // raw, without the query
  const std::string& request_id() const noexcept { return request_id_; }

  const PathParams& path_params() const noexcept { return path_params_; }
  // The value of a `{name}` in the matched pattern. Throws Error(ErrorKind::internal) when the
  // pattern has no such parameter: that is a mismatch between route and handler code.
  const std::string& path_param(std::string_view name) const;

  const QueryParams& query_params() const noexcept { return query_params_; }
  // The first value given for `name`, if any.
  std::optional<std::string> query(std::string_view name) const;
  // Every value given for `name`, in request order.
  std::vector<std::string> query_all(std::string_view name) const;

  // Header lookup is case-insensitive; for repeated headers this is the first value.
  std::optional<std::string> header(const std::string& name) const;

  // The whole body (see BodyReader::read for the size cap and its 413).
  const std::string& body() { return body_.read(); }
  std::size_t max_body_bytes() const noexcept { return body_.max_bytes(); }
  // A handler that streamed the body from poco().stream() to its end says so here, so the
  // connection is kept alive (otherwise it is closed: unread bytes would corrupt the next request).
  void body_read_to_end() noexcept { body_.mark_read_to_end(); }

  // The underlying Poco request, for what this view does not cover (e.g. detaching the socket
  // for a long-lived stream).
  Poco::Net::HTTPServerRequest& poco() noexcept { return poco_; }

private:
  Poco::Net::HTTPServerRequest& poco_;
  BodyReader& body_;
  RequestTarget target_;
  PathParams path_params_;
  QueryParams query_params_;
  std::string request_id_;
};

} // namespace agenthost::http
