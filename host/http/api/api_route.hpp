// Registering an API route: authentication, authorization, statement counting and the JSON
// reply are done here once, so a handler only turns a request into a reply.
//
//   add_api_route(router, context, "GET", "/api/v1/agents/{id}", Access::user,
//                 [](ApiCall& call) { ... return ApiReply::json(200, body); });
//
// Access::user and Access::admin need `Authorization: Bearer <token>` (401 with
// WWW-Authenticate otherwise); Access::admin answers 403 to other users; Access::open needs
// nothing. With ApiContext::debug_queries, the reply carries X-DB-Queries: the statements the
// request ran, authentication included.
#pragma once

#include "http/api/api_context.hpp"
#include "http/request.hpp"
#include "http/router.hpp"
#include "store/records.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace agenthost::http {

enum class Access { open, user, admin };

struct ApiCall {
  Request& request;
  ApiContext& context;
  const store::UserRecord* user; // null only for Access::open routes

  // The authenticated user; throws Error(internal) on an open route (a wiring mistake).
  const store::UserRecord& caller() const;
};

struct ApiReply {
  int status = 200;
  std::string body; // JSON text; empty for 204
  std::string content_type = "application/json";

  static ApiReply json(int status, std::string body) { return ApiReply{status, std::move(body), "application/json"}; }
  static ApiReply no_content() { return ApiReply{204, {}, {}}; }
};

using ApiHandler = std::function<ApiReply(ApiCall&)>;

void add_api_route(Router& router, std::shared_ptr<ApiContext> context, std::string_view method,
                   std::string_view pattern, Access access, ApiHandler handler);

} // namespace agenthost::http
