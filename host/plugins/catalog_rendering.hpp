// The catalog as JSON (the CLI's --json output and GET /api/v1/plugins) and as text tables
// (`agenthost plugins list` and `plugins inspect`). One rendering, so every surface agrees.
#pragma once

#include "plugins/plugin_catalog.hpp"

#include "agenthost/json.hpp"

#include <string>

namespace agenthost::plugins {

// {"kind","type","description","settings_schema","thread_safe"}
json::Value component_to_json(const ComponentInfo& component);
// {"name","version","description","path","abi":"1.0","components":[...]}
json::Value plugin_to_json(const PluginInfo& plugin);
// {"path","reason"}
json::Value refusal_to_json(const Refusal& refusal);
// {"plugins":[...],"refused":[...]}
json::Value catalog_to_json(const PluginCatalog& catalog);
// The plugin object, or the refusal object.
json::Value inspection_to_json(const Inspection& inspection);

// A table of plugins (name, version, ABI, components, path), the refused files with their
// reasons, and the directories searched.
std::string format_catalog(const PluginCatalog& catalog);
// One plugin in full: every component with its settings (type, default, description).
std::string format_plugin(const PluginInfo& plugin);
// format_plugin, or "refused: PATH: REASON".
std::string format_inspection(const Inspection& inspection);

} // namespace agenthost::plugins
