#include "http/api/backend_json.hpp"

#include "config/secrets.hpp"
#include "plugins/call_sink.hpp"

#include <variant>

namespace agenthost::http {

namespace {

const ah_backend_api* backend_api(const plugins::Instance& backend) {
  return std::get_if<ah_backend_api>(&backend.component().api);
}

json::Value redacted_settings(const std::vector<config::RawSetting>& settings) {
  json::Value out = json::Value::object();
  for (const config::RawSetting& setting : settings)
    out.set(setting.key, config::displayed_value(setting.key, setting.value));
  return out;
}

} // namespace

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

json::Value backend_json(plugins::Instance& backend, const std::vector<config::RawSetting>& settings) {
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
  return json::Value::object({
      {"name", backend.name()},
      {"plugin", backend.component().type_name}, // what the config's `plugin = ...` names
      {"description", backend.component().description},
      {"capabilities", std::move(capabilities)},
      {"settings", redacted_settings(settings)},
  });
}

} // namespace agenthost::http
