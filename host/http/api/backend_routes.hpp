// Model management over the configured backend instances:
//   GET  /api/v1/backends                          the instances: plugin, capabilities, host
//                                                  settings, plugin settings (secrets redacted)
//   GET  /api/v1/backends/{name}/models            the models the provider has (list_models)
//   POST /api/v1/backends/{name}/models/pull {"model"}  admin; → 202 {"job": Job} running
//                                                  runtime::ModelPullJob on the "high" queue
// Unknown backend → 404; a backend that cannot list or pull → 422 saying so; a provider that
// fails while listing → 502 with its reason. The pull's progress is streamed by
// GET /api/v1/jobs/{id}/events (http/api/event_routes).
#pragma once

#include "config/config.hpp"
#include "http/api/api_context.hpp"
#include "http/router.hpp"
#include "queue/job_store.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace agenthost::http {

struct BackendServices {
  // Each configured backend's settings as written in the config (serve fills it from
  // config::Config::backends); an instance missing here is shown with no settings.
  std::map<std::string, std::vector<config::RawSetting>, std::less<>> settings;
  // Where pull jobs go; null: the pull route is not registered (store-only API tests).
  std::shared_ptr<queue::JobStore> jobs;
  // Starts idle workers at once after an enqueue (WorkerPools::wake); optional.
  std::function<void()> wake_workers;
  // Each configured backend's section as read (config::Config::backends), whose host keys —
  // egress, cache, the fault layer's and estimator's — are shown as "host_settings"; an instance
  // missing here is listed without them.
  std::map<std::string, config::InstanceConfig, std::less<>> host_settings = {};
};

void register_backend_routes(Router& router, std::shared_ptr<ApiContext> context, BackendServices services);

// serve's helper: the settings of every [backend.NAME] section by instance name.
std::map<std::string, std::vector<config::RawSetting>, std::less<>> backend_settings_of(const config::Config& config);
// serve's helper: every [backend.NAME] section by instance name (for its host keys).
std::map<std::string, config::InstanceConfig, std::less<>> backend_host_settings_of(const config::Config& config);

} // namespace agenthost::http
