// /api/v1/conversations and their messages. Every route is scoped to the caller: another
// user's conversation is answered exactly like an unknown id (404), so ids leak nothing.
#include "common/error.hpp"
#include "http/api/api_route.hpp"
#include "http/api/conversation_json.hpp"
#include "http/api/job_json.hpp"
#include "http/api/json_input.hpp"
#include "http/api/route_registration.hpp"
#include "runtime/turn_service.hpp"
#include "store/conversation_store.hpp"
#include "store/pagination.hpp"

#include <agenthost/json.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

namespace agenthost::http {

namespace {

// The contract's read-only fields: a client that sends one gets a 422 naming it, not silence.
const std::initializer_list<std::string_view> kReadOnlyFields = {
    "id",           "owner_id",         "created_at", "updated_at",      "turn_count",
    "total_tokens", "last_activity_at", "status",     "conversation_id", "role"};

store::PageRequest page_of(const Request& request) {
  return store::page_request(request.query("limit"), request.query("cursor"));
}

Error conversation_not_found(std::string_view id) {
  return Error(ErrorKind::not_found,
               "conversation '" + std::string(id) + "' not found; list yours with GET /api/v1/conversations");
}

store::ConversationFilter filter_of(const Request& request) {
  store::ConversationFilter filter;
  filter.agent_id = request.query("agent_id");
  filter.status = request.query("status");
  if (filter.status && *filter.status != "idle" && *filter.status != "running" && *filter.status != "failed") {
    throw Error(ErrorKind::invalid_request, "query parameter status='" + *filter.status +
                                                "' is not a conversation status; use idle, running or failed");
  }
  return filter;
}

ApiReply list_conversations(ApiCall& call) {
  const auto filter = filter_of(call.request);
  const auto page = call.context.conversations.list(call.caller().id, filter, page_of(call.request));
  return ApiReply::json(200, json::dump(conversation_page_json(page)));
}

ApiReply create_conversation(ApiCall& call) {
  const json::Value body = read_json_object(call.request);
  ObjectReader reader(body);
  reader.reject_read_only(kReadOnlyFields);
  const std::string agent_id = reader.required_string("agent_id");
  const auto title = reader.optional_nullable_string("title");
  reader.finish();
  const auto conversation =
      call.context.conversations.create(call.caller().id, agent_id, title ? *title : std::nullopt);
  return ApiReply::json(201, json::dump(conversation_json(conversation)));
}

ApiReply show_conversation(ApiCall& call) {
  const std::string& id = call.request.path_param("id");
  const auto detail = call.context.conversations.find_detail(call.caller().id, id);
  if (!detail) throw conversation_not_found(id);
  return ApiReply::json(200, json::dump(conversation_detail_json(*detail)));
}

ApiReply delete_conversation(ApiCall& call) {
  call.context.conversations.remove(call.caller().id, call.request.path_param("id"));
  return ApiReply::no_content();
}

store::NewMessage user_message_of(Request& request) {
  const json::Value body = read_json_object(request);
  ObjectReader reader(body);
  reader.reject_read_only(kReadOnlyFields);
  store::NewMessage message;
  message.role = "user";
  message.content = reader.required_string("content");
  if (auto attachments = reader.optional_string_array("attachments")) message.attachments = std::move(*attachments);
  reader.finish();
  return message;
}

// The message is stored and its turn enqueued in one transaction; the answer streams as the
// conversation's events. 409 while the previous turn still runs.
ApiReply post_message(ApiCall& call, runtime::TurnService& turns) {
  const store::NewMessage message = user_message_of(call.request);
  const auto posted = turns.post_message(call.caller().id, call.request.path_param("id"), message);
  const json::Value reply = json::Value::object({{"message", message_json(posted.message)}, {"job", job_json(posted.job)}});
  return ApiReply::json(202, json::dump(reply));
}

// Without a turn engine (the API's own tests) the message is only stored: "job" is null.
ApiReply store_message_only(ApiCall& call) {
  const store::NewMessage message = user_message_of(call.request);
  const auto stored =
      call.context.conversations.append_message(call.caller().id, call.request.path_param("id"), message);
  const json::Value reply = json::Value::object({{"message", message_json(stored)}, {"job", nullptr}});
  return ApiReply::json(202, json::dump(reply));
}

// 202 {"job": Job}: the turn was told to stop; its terminal event (turn.cancelled) follows.
ApiReply cancel_turn(ApiCall& call, runtime::TurnService& turns, queue::JobStore& jobs) {
  const std::string job_id = turns.cancel(call.caller().id, call.request.path_param("id"));
  const auto job = jobs.find(job_id);
  return ApiReply::json(202, json::dump(json::Value::object({{"job", job ? job_json(*job) : json::Value()}})));
}

ApiReply list_messages(ApiCall& call) {
  const auto request = page_of(call.request);
  const auto page = call.context.conversations.list_messages(call.caller().id, call.request.path_param("id"), request);
  return ApiReply::json(200, json::dump(message_page_json(page)));
}

} // namespace

void register_conversation_routes(Router& router, std::shared_ptr<ApiContext> context, const TurnRoutes& turns) {
  add_api_route(router, context, "GET", "/api/v1/conversations", Access::user, list_conversations);
  add_api_route(router, context, "POST", "/api/v1/conversations", Access::user, create_conversation);
  add_api_route(router, context, "GET", "/api/v1/conversations/{id}", Access::user, show_conversation);
  add_api_route(router, context, "DELETE", "/api/v1/conversations/{id}", Access::user, delete_conversation);
  add_api_route(router, context, "GET", "/api/v1/conversations/{id}/messages", Access::user, list_messages);
  if (!turns.service) {
    add_api_route(router, context, "POST", "/api/v1/conversations/{id}/messages", Access::user, store_message_only);
    return;
  }
  auto service = turns.service;
  auto jobs = turns.jobs;
  add_api_route(router, context, "POST", "/api/v1/conversations/{id}/messages", Access::user,
                [service](ApiCall& call) { return post_message(call, *service); });
  add_api_route(router, context, "POST", "/api/v1/conversations/{id}/cancel", Access::user,
                [service, jobs](ApiCall& call) { return cancel_turn(call, *service, *jobs); });
}

} // namespace agenthost::http
