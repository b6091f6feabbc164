#include "http/api/backend_json.hpp"

#include "config/instance_host_values.hpp"
#include "config/secrets.hpp"
#include "plugins/call_sink.hpp"

#include <variant>

namespace agenthost::http {

namespace {

const ah_backend_api* backend_api(const plugins::Instance& backend) {
  return std::get_if<ah_backend_api>(&backend.component().api);
}

} // namespace

bool is_secret_setting(std::string_view key, const json::Value& settings_schema) {
  if (config::is_secret_key(key)) return true;
  const json::Value* properties = settings_schema.is_object() ? settings_schema.find("properties") : nullptr;
  const json::Value* property = properties && properties->is_object() ? properties->find(std::string(key)) : nullptr;
  if (!property || !property->is_object()) return false;
  const json::Value* write_only = property->find("writeOnly");
  return write_only && write_only->is_bool() && write_only->as_bool();
}

json::Value displayed_settings(const std::vector<config::RawSetting>& settings, const json::Value& settings_schema) {
  json::Value out = json::Value::object();
  for (const config::RawSetting& setting : settings) {
    out.set(setting.key, is_secret_setting(setting.key, settings_schema) ? std::string(config::redacted_marker)
                                                                         : setting.value);
  }
  return out;
}

json::Value host_settings_json(const config::InstanceConfig& configured) {
  json::Value out = json::Value::object();
  for (auto& [key, value] : config::instance_host_values(configured)) out.set(key, std::move(value));
  return out;
}

json::Value declared_capabilities(const plugins::Instance& backend) {
  const ah_backend_api* api = backend_api(backend);
  const std::uint32_t flags = api ? api->capabilities : 0;
  return json::Value::object({
      {"tools", (flags & AH_BACKEND_TOOLS) != 0},
      {"parallel_tool_calls", (flags & AH_BACKEND_PARALLEL_TOOL_CALLS) != 0},
      {"streaming_tool_calls", (flags & AH_BACKEND_STREAMING_TOOL_CALLS) != 0},
      {"list_models", (flags & AH_BACKEND_LIST_MODELS) != 0 && api->list_models != nullptr},
      {"pull_models", declares_pull(backend)},
  });
}

bool declares_pull(const plugins::Instance& backend) {
  const ah_backend_api* api = backend_api(backend);
  return api && api->pull_model != nullptr && (api->capabilities & AH_BACKEND_PULL_MODELS) != 0;
}

json::Value backend_json(plugins::Instance& backend, const std::vector<config::RawSetting>& settings,
                         const config::InstanceConfig* configured) {
  // The declared flags are the baseline; what describe() says (capabilities, context windows)
  // refines them. A backend whose describe() fails is still listed: it is configured.
  json::Value capabilities = declared_capabilities(backend);
  plugins::CollectingSink sink;
  if (backend.describe(sink) == AH_OK) {
    try {
      const json::Value described = json::parse(sink.result());
      if (const json::Value* declared = described.find("capabilities"); declared && declared->is_object()) {
        for (const auto& [key, value] : declared->as_object()) capabilities.set(key, value);
      }
      if (const json::Value* window = described.find("context_window"); window && window->is_int())
        capabilities.set("context_window", *window);
    } catch (const json::ParseError&) {
      // keep the declared flags
    }
  }
  json::Value entry = json::Value::object({
      {"name", backend.name()},
      {"plugin", backend.component().type_name}, // what the config's `plugin = ...` names
      {"description", backend.component().description},
      {"capabilities", std::move(capabilities)},
  });
  if (configured) entry.set("host_settings", host_settings_json(*configured));
  entry.set("settings", displayed_settings(settings, backend.component().settings_schema));
  return entry;
}

} // namespace agenthost::http
