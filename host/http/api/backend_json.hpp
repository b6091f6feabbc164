// A configured backend instance as the API shows it (GET /api/v1/backends):
// {"name","plugin","description","capabilities":{"tools","parallel_tool_calls",
//  "streaming_tool_calls","list_models","pull_models",...},
//  "host_settings":{"retries":2,...},"settings":{key: value}}
// Capabilities come from the instance's describe() when it answers, else from the flags its
// component declares. host_settings are the host's own keys of the [backend.NAME] section (the
// fault layer's and the token estimator's: every key config::backend_host_keys() lists) with
// their effective values, defaults included. settings are the plugin's keys as written in the
// config file, secret values shown as "***". `agenthost config check` prints the same values.
#pragma once

#include "config/config.hpp"
#include "plugins/instance.hpp"

#include <agenthost/json.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agenthost::http {

// Whether a plugin setting's value must never be shown: its name says so (config::is_secret_key:
// *key*, *secret*, *password*, a credential *token*), or the component's settings schema marks
// the property `"writeOnly": true` (JSON Schema's word for a value that is set but never read
// back) — the way a plugin flags a secret whose name does not give it away.
bool is_secret_setting(std::string_view key, const json::Value& settings_schema);

// The plugin's settings as they may be shown: {key: value}, secret values "***".
json::Value displayed_settings(const std::vector<config::RawSetting>& settings, const json::Value& settings_schema);

// config::instance_host_values() as an object: egress, the cache keys and the backend's own host
// keys (none of them is a secret, so none is redacted).
json::Value host_settings_json(const config::InstanceConfig& configured);

// The whole listing entry: `settings` as written in its [backend.NAME] section, `host_settings`
// as read from it (defaults where the section sets none); null: no "host_settings" member.
json::Value backend_json(plugins::Instance& backend, const std::vector<config::RawSetting>& settings,
                         const config::InstanceConfig* configured);

// The AH_BACKEND_* flags the backend's component declares, as capability names.
json::Value declared_capabilities(const plugins::Instance& backend);

// Whether the component declares model pulls and provides the call (an SDK plugin always
// provides the entry point, so the flag is what tells).
bool declares_pull(const plugins::Instance& backend);

} // namespace agenthost::http
