// /api/v1/agents: the caller's agents. Another user's agent answers 404, exactly like an
// unknown id, so ids leak nothing about other users.
#include "http/api/agent_json.hpp"
#include "http/api/api_route.hpp"
#include "http/api/json_input.hpp"
#include "http/api/route_registration.hpp"

#include "common/error.hpp"
#include "store/pagination.hpp"

namespace agenthost::http {

namespace {

Error agent_not_found(const std::string& id) {
  return Error(ErrorKind::not_found, "no agent with id '" + id + "'; GET /api/v1/agents lists yours");
}

ApiReply list_agents(ApiCall& call) {
  const store::PageRequest page = store::page_request(call.request.query("limit"), call.request.query("cursor"));
  return ApiReply::json(200, json::dump(agent_page_json(call.context.agents.list(call.caller().id, page))));
}

ApiReply create_agent(ApiCall& call) {
  const store::AgentFields fields = read_agent_fields(read_json_object(call.request));
  check_agent_references(fields, call.context.instances);
  return ApiReply::json(201, json::dump(agent_json(call.context.agents.create(call.caller().id, fields))));
}

ApiReply show_agent(ApiCall& call) {
  const std::string& id = call.request.path_param("id");
  const std::optional<store::AgentRecord> agent = call.context.agents.find(call.caller().id, id);
  if (!agent) throw agent_not_found(id);
  return ApiReply::json(200, json::dump(agent_json(*agent)));
}

ApiReply update_agent(ApiCall& call) {
  const std::string& id = call.request.path_param("id");
  const store::AgentChanges changes = read_agent_changes(read_json_object(call.request));
  check_agent_references(changes, call.context.instances);
  return ApiReply::json(200, json::dump(agent_json(call.context.agents.update(call.caller().id, id, changes))));
}

ApiReply delete_agent(ApiCall& call) {
  call.context.agents.remove(call.caller().id, call.request.path_param("id"));
  return ApiReply::no_content();
}

} // namespace

void register_agent_routes(Router& router, std::shared_ptr<ApiContext> context) {
  add_api_route(router, context, "GET", "/api/v1/agents", Access::user, list_agents);
  add_api_route(router, context, "POST", "/api/v1/agents", Access::user, create_agent);
  add_api_route(router, context, "GET", "/api/v1/agents/{id}", Access::user, show_agent);
  add_api_route(router, context, "PATCH", "/api/v1/agents/{id}", Access::user, update_agent);
  add_api_route(router, context, "DELETE", "/api/v1/agents/{id}", Access::user, delete_agent);
}

} // namespace agenthost::http
