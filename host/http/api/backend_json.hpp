// A configured backend instance as the API shows it (GET /api/v1/backends):
// {"name","plugin","description","capabilities":{"tools","parallel_tool_calls",
//  "streaming_tool_calls","list_models","pull_models",...},"settings":{key: value}}
// Capabilities come from the instance's describe() when it answers, else from the flags its
// component declares; settings are the config file's, with secret values shown as "***".
#pragma once

#include "config/config.hpp"
#include "plugins/instance.hpp"

#include <agenthost/json.hpp>

#include <vector>

namespace agenthost::http {

json::Value backend_json(plugins::Instance& backend, const std::vector<config::RawSetting>& settings);

// The AH_BACKEND_* flags the backend's component declares, as capability names.
json::Value declared_capabilities(const plugins::Instance& backend);

// Whether the component declares model pulls and provides the call (an SDK plugin always
// provides the entry point, so the flag is what tells).
bool declares_pull(const plugins::Instance& backend);

} // namespace agenthost::http
