#include "http/api/backend_routes.hpp"

#include "common/error.hpp"
#include "http/api/api_route.hpp"
#include "http/api/backend_json.hpp"
#include "http/api/job_json.hpp"
#include "http/api/json_input.hpp"
#include "plugins/call_sink.hpp"
#include "plugins/instance.hpp"
#include "runtime/model_pull_job.hpp"

namespace agenthost::http {

namespace {

using SettingsByName = std::map<std::string, std::vector<config::RawSetting>, std::less<>>;

plugins::Instance& find_backend(const ApiContext& context, const std::string& name) {
  plugins::Instance* backend = context.instances.find(plugins::ComponentKind::backend, name);
  if (!backend) {
    throw Error(ErrorKind::not_found,
                "no backend named '" + name + "'; GET /api/v1/backends lists the configured ones");
  }
  return *backend;
}

// "backend 'local' (plugin ollama)": names both what the user configured and what serves it.
std::string describe_backend(const plugins::Instance& backend) {
  return "backend '" + backend.name() + "' (plugin " + backend.component().type_name + ")";
}

ApiReply list_backends(ApiCall& call, const BackendServices& services) {
  static const std::vector<config::RawSetting> none;
  const plugins::InstanceDirectory& instances = call.context.instances;
  json::Value data = json::Value::array();
  for (const std::string& name : instances.names(plugins::ComponentKind::backend)) {
    plugins::Instance* backend = instances.find(plugins::ComponentKind::backend, name);
    if (!backend) continue;
    const auto configured = services.settings.find(name);
    const auto host = services.host_settings.find(name);
    // Host keys the caller does not know are left out rather than shown as defaults, which
    // could contradict the config file.
    data.push_back(backend_json(*backend, configured == services.settings.end() ? none : configured->second,
                                host == services.host_settings.end() ? nullptr : &host->second));
  }
  return ApiReply::json(200, json::dump(json::Value::object({{"data", std::move(data)}})));
}

// The RESULT of list_models is [{"name",...}]; a bare object holding the list under "models"
// or "data" (the providers' own shapes) is accepted too.
json::Value model_list_of(const plugins::Instance& backend, const std::string& result) {
  json::Value parsed;
  try {
    parsed = json::parse(result);
  } catch (const json::ParseError& error) {
    throw Error(ErrorKind::upstream, describe_backend(backend) + " answered its model list with invalid JSON (" +
                                         error.what() + "); this is a bug in the plugin");
  }
  if (parsed.is_array()) return parsed;
  for (const char* key : {"models", "data"}) {
    if (const json::Value* list = parsed.find(key); list && list->is_array()) return *list;
  }
  throw Error(ErrorKind::upstream, describe_backend(backend) +
                                       " answered its model list with something that is not a list of models; "
                                       "this is a bug in the plugin");
}

ApiReply list_models(ApiCall& call) {
  plugins::Instance& backend = find_backend(call.context, call.request.path_param("name"));
  plugins::CollectingSink sink;
  const ah_status status = backend.list_models(sink);
  if (status == AH_ERR_UNSUPPORTED) {
    throw Error(ErrorKind::unprocessable, describe_backend(backend) + " cannot list models");
  }
  if (status != AH_OK) {
    throw Error(ErrorKind::upstream, "listing the models of " + describe_backend(backend) +
                                         " failed: " + sink.error_message());
  }
  json::Value models = model_list_of(backend, sink.result());
  return ApiReply::json(200, json::dump(json::Value::object({{"data", std::move(models)}})));
}

ApiReply pull_model(ApiCall& call, const BackendServices& services) {
  plugins::Instance& backend = find_backend(call.context, call.request.path_param("name"));
  const json::Value body = read_json_object(call.request);
  ObjectReader reader(body);
  const std::string model = reader.required_string("model");
  reader.finish();
  if (!declares_pull(backend)) {
    throw Error(ErrorKind::unprocessable,
                describe_backend(backend) + " cannot pull models; pull them on the provider's side instead", "model");
  }
  queue::JobSpec spec;
  spec.type = runtime::kModelPullJobType;
  spec.queue = queue::kQueueHigh;
  spec.payload_json = runtime::model_pull_payload(backend.name(), model);
  spec.owner_id = call.caller().id;
  spec.max_attempts = 1;          // a half-done pull is resumed by the provider, not by us
  spec.timeout_seconds = 7200;    // large models take long; past this the job fails
  const queue::JobRecord job = services.jobs->enqueue(spec);
  if (services.wake_workers) services.wake_workers();
  return ApiReply::json(202, json::dump(json::Value::object({{"job", job_json(job)}})));
}

} // namespace

void register_backend_routes(Router& router, std::shared_ptr<ApiContext> context, BackendServices services) {
  auto shared = std::make_shared<const BackendServices>(std::move(services));
  add_api_route(router, context, "GET", "/api/v1/backends", Access::user,
                [shared](ApiCall& call) { return list_backends(call, *shared); });
  add_api_route(router, context, "GET", "/api/v1/backends/{name}/models", Access::user, list_models);
  if (shared->jobs) {
    add_api_route(router, context, "POST", "/api/v1/backends/{name}/models/pull", Access::admin,
                  [shared](ApiCall& call) { return pull_model(call, *shared); });
  }
}

SettingsByName backend_settings_of(const config::Config& config) {
  SettingsByName out;
  for (const config::InstanceConfig& backend : config.backends) out[backend.name] = backend.settings;
  return out;
}

std::map<std::string, config::InstanceConfig, std::less<>> backend_host_settings_of(const config::Config& config) {
  std::map<std::string, config::InstanceConfig, std::less<>> out;
  for (const config::InstanceConfig& backend : config.backends) out[backend.name] = backend;
  return out;
}

} // namespace agenthost::http
