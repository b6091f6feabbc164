// GET /api/v1/tools: the configured tool instances, as the model sees them (what each tool's
// describe() declares), so a client knows what it may put in an agent's "tools".
#include "http/api/api_route.hpp"
#include "http/api/route_registration.hpp"

#include "plugins/call_sink.hpp"
#include "plugins/instance.hpp"

namespace agenthost::http {

namespace {

// A tool whose describe() fails or answers something unusable is still listed (it is
// configured, and agents may name it), with its component's one-line description and a schema
// that accepts any object.
json::Value tool_json(plugins::Instance& tool) {
  json::Value description(tool.component().description);
  json::Value parameters = json::Value::object({{"type", "object"}});
  plugins::CollectingSink sink;
  if (tool.describe(sink) == AH_OK) {
    try {
      const json::Value declared = json::parse(sink.result());
      if (declared["description"].is_string()) description = declared["description"];
      if (declared["parameters"].is_object()) parameters = declared["parameters"];
    } catch (const json::ParseError&) {
      // keep the fallbacks
    }
  }
  return json::Value::object({
      {"name", tool.name()},
      {"plugin", tool.component().type_name}, // what the config's `plugin = ...` names
      {"description", std::move(description)},
      {"parameters", std::move(parameters)},
  });
}

ApiReply list_tools(ApiCall& call) {
  const plugins::InstanceDirectory& instances = call.context.instances;
  json::Value data = json::Value::array();
  for (const std::string& name : instances.names(plugins::ComponentKind::tool)) {
    if (plugins::Instance* tool = instances.find(plugins::ComponentKind::tool, name)) data.push_back(tool_json(*tool));
  }
  return ApiReply::json(200, json::dump(json::Value::object({{"data", std::move(data)}})));
}

} // namespace

void register_tool_routes(Router& router, std::shared_ptr<ApiContext> context) {
  add_api_route(router, context, "GET", "/api/v1/tools", Access::user, list_tools);
}

} // namespace agenthost::http
