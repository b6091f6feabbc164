// The per-request pipeline every HTTP request goes through:
//   request id → route (404 / 405) → query parsing → handler → error mapping → one log line.
//
// Poco asks the dispatcher (its HTTPRequestHandlerFactory) for a handler per request, on the
// connection's worker thread; everything the pipeline needs lives in a DispatchContext shared
// with the HttpServer that owns the routes.
#pragma once

#include "common/logger.hpp"
#include "http/in_flight_requests.hpp"
#include "http/router.hpp"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <atomic>
#include <cstddef>
#include <memory>

namespace agenthost::http {

struct DispatchContext {
  DispatchContext(Router routes, std::shared_ptr<Logger> request_logger, std::size_t body_limit)
      : router(std::move(routes)), logger(std::move(request_logger)), max_body_bytes(body_limit) {}

  const Router router;
  const std::shared_ptr<Logger> logger;
  const std::size_t max_body_bytes;
  // Set when a graceful stop begins: responses then close their connection, so keep-alive
  // clients cannot keep a draining server busy.
  std::atomic<bool> draining{false};
  InFlightRequests in_flight;
};

class RequestDispatcher : public Poco::Net::HTTPRequestHandlerFactory {
public:
  explicit RequestDispatcher(std::shared_ptr<DispatchContext> context);

  Poco::Net::HTTPRequestHandler*
  createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
  std::shared_ptr<DispatchContext> context_;
};

} // namespace agenthost::http
