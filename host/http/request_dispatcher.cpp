#include "http/request_dispatcher.hpp"

#include "common/error.hpp"
#include "http/body_reader.hpp"
#include "http/error_body.hpp"
#include "http/request.hpp"
#include "http/request_id.hpp"
#include "http/request_target.hpp"
#include "http/response.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <vector>

namespace agenthost::http {

namespace {

// The most of an unread request body drained before closing its connection.
constexpr std::size_t kLingerBytes = 4 * 1024 * 1024;

// What a client learns about an unexpected failure: only how to find it in the server log.
std::string internal_error_message(const std::string& request_id) {
  return "the server failed to handle this request; report request id " + request_id +
         " to its operator";
}

class DispatchedRequest : public Poco::Net::HTTPRequestHandler {
public:
  explicit DispatchedRequest(std::shared_ptr<DispatchContext> context)
      : context_(std::move(context)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& poco_request,
                     Poco::Net::HTTPServerResponse& poco_response) override;

private:
  void route_and_handle(Poco::Net::HTTPServerRequest& poco_request,
                        const std::optional<RequestTarget>& target, BodyReader& body,
                        Response& response, const std::string& request_id);
  // Sends an error body unless a response already went out; a failure to send is added to
  // `failure` for the log.
  static void send_error(Response& response, ErrorKind kind, const std::string& message,
                         std::string& failure, const std::string& field = {});
  void log_request(const std::string& method, const std::string& path, const Response& response,
                   std::chrono::steady_clock::time_point started, const std::string& request_id,
                   const std::string& failure) const;

  std::shared_ptr<DispatchContext> context_;
};

void DispatchedRequest::handleRequest(Poco::Net::HTTPServerRequest& poco_request,
                                      Poco::Net::HTTPServerResponse& poco_response) {
  const auto started = std::chrono::steady_clock::now();
  InFlightScope in_flight(context_->in_flight);

  const auto incoming_id = poco_request.find("X-Request-Id");
  const std::string request_id =
      choose_request_id(incoming_id == poco_request.end() ? std::string_view()
                                                          : std::string_view(incoming_id->second));
  poco_response.set("X-Request-Id", request_id);

  BodyReader body(poco_request, context_->max_body_bytes);
  Response response(poco_response, body, poco_request.getMethod() == "HEAD", context_->draining);
  const auto target = split_request_target(poco_request.getURI());
  // The raw path, never the query: query strings may carry secrets that must not reach logs.
  const std::string logged_path = target ? target->path : poco_request.getURI().substr(0, 256);

  std::string failure; // for the log only
  try {
    route_and_handle(poco_request, target, body, response, request_id);
  } catch (const Error& error) {
    failure = error.what();
    send_error(response, error.kind(), error.what(), failure, error.field());
  } catch (const std::exception& error) {
    // Anything but agenthost::Error is a bug or an unexpected library failure: its text may
    // hold internals (paths, SQL, addresses), so the client only gets the request id.
    failure = error.what();
    send_error(response, ErrorKind::internal, internal_error_message(request_id), failure);
  } catch (...) {
    failure = "exception of a type not derived from std::exception";
    send_error(response, ErrorKind::internal, internal_error_message(request_id), failure);
  }
  log_request(poco_request.getMethod(), logged_path, response, started, request_id, failure);
  // A lingering close: let a client that is still sending its (refused) body finish, so it
  // reads our response instead of a reset. Bounded, so an endless upload cannot hold a thread.
  if (!response.taken_over()) body.discard_unread(kLingerBytes);
}

void DispatchedRequest::route_and_handle(Poco::Net::HTTPServerRequest& poco_request,
                                         const std::optional<RequestTarget>& target,
                                         BodyReader& body, Response& response,
                                         const std::string& request_id) {
  const std::string& method = poco_request.getMethod();
  if (!target) {
    throw Error(ErrorKind::invalid_request,
                "request target is not a path; send a target such as /health");
  }

  RouteMatch match = context_->router.match(method, target->path);
  switch (match.outcome) {
  case RouteMatch::Outcome::not_found:
    throw Error(ErrorKind::not_found, "no route for " + method + " " + target->path);
  case RouteMatch::Outcome::method_not_allowed: {
    const std::string allowed = join_methods(match.allowed_methods);
    response.set_header("Allow", allowed);
    throw Error(ErrorKind::method_not_allowed, "method " + method + " is not allowed on " +
                                                   target->path + "; allowed: " + allowed);
  }
  case RouteMatch::Outcome::matched: break;
  }

  Request request(poco_request, body, *target, std::move(match.params),
                  parse_query_string(target->query), request_id);
  (*match.handler)(request, response);
  if (!response.sent()) {
    throw std::logic_error("the handler for " + method + " " + match.pattern +
                           " returned without sending a response");
  }
}

void DispatchedRequest::send_error(Response& response, ErrorKind kind, const std::string& message,
                                   std::string& failure, const std::string& field) {
  if (response.sent()) return; // too late: the status line is already on the wire
  try {
    response.send_json(http_status_of(kind), error_body_json(kind, message, field));
  } catch (const std::exception& error) {
    failure += "; sending the error response failed too: ";
    failure += error.what();
  }
}

void DispatchedRequest::log_request(const std::string& method, const std::string& path,
                                    const Response& response,
                                    std::chrono::steady_clock::time_point started,
                                    const std::string& request_id,
                                    const std::string& failure) const {
  const int status = response.status();
  const LogLevel level = status >= 500 ? LogLevel::error : LogLevel::info;
  if (!context_->logger->enabled(level)) return;

  const auto elapsed = std::chrono::steady_clock::now() - started;
  const double duration_ms =
      static_cast<double>(std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count()) /
      1000.0;
  std::vector<LogField> fields{
      {"method", method},         {"path", path}, {"status", status}, {"duration_ms", duration_ms},
      {"request_id", request_id},
  };
  if (!failure.empty()) fields.emplace_back("error", failure);
  context_->logger->log(level, "http request", fields);
}

} // namespace

RequestDispatcher::RequestDispatcher(std::shared_ptr<DispatchContext> context)
    : context_(std::move(context)) {}

Poco::Net::HTTPRequestHandler*
RequestDispatcher::createRequestHandler(const Poco::Net::HTTPServerRequest&) {
  return new DispatchedRequest(context_);
}

} // namespace agenthost::http
