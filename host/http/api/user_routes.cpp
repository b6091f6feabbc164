// GET /api/v1/users/me, GET /api/v1/users (admin), POST /api/v1/users (admin).
#include "http/api/api_route.hpp"
#include "http/api/json_input.hpp"
#include "http/api/route_registration.hpp"
#include "http/api/user_json.hpp"

#include "store/pagination.hpp"

namespace agenthost::http {

namespace {

ApiReply show_me(ApiCall& call) { return ApiReply::json(200, json::dump(user_json(call.caller()))); }

ApiReply list_users(ApiCall& call) {
  const store::PageRequest page = store::page_request(call.request.query("limit"), call.request.query("cursor"));
  return ApiReply::json(200, json::dump(user_page_json(call.context.users.list_users(page))));
}

ApiReply create_user(ApiCall& call) {
  const json::Value body = read_json_object(call.request);
  ObjectReader reader(body);
  reader.reject_read_only({"id", "created_at"});
  const std::string name = reader.required_string("name");
  const bool is_admin = reader.optional_bool("is_admin").value_or(false);
  reader.finish();
  // The first token is made with the user, in one transaction, and shown only in this reply.
  auto [user, issued] = call.context.users.create_user_with_token(name, is_admin, "first token");
  return ApiReply::json(201, json::dump(json::Value::object({{"user", user_json(user)}, {"token", issued.token}})));
}

} // namespace

void register_user_routes(Router& router, std::shared_ptr<ApiContext> context) {
  add_api_route(router, context, "GET", "/api/v1/users/me", Access::user, show_me);
  add_api_route(router, context, "GET", "/api/v1/users", Access::admin, list_users);
  add_api_route(router, context, "POST", "/api/v1/users", Access::admin, create_user);
}

} // namespace agenthost::http
