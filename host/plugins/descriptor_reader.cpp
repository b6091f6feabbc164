#include "plugins/descriptor_reader.hpp"

#include "plugins/abi_struct.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>

namespace agenthost::plugins {

namespace {

using abi::rebuild_hint;

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

// The kind's function table, zero-extended; abi::function_table_problem has accepted it.
ApiTable copy_table(ComponentKind kind, const void* api) {
  switch (kind) {
  case ComponentKind::backend: return read_abi_struct(static_cast<const ah_backend_api*>(api));
  case ComponentKind::tool: return read_abi_struct(static_cast<const ah_tool_api*>(api));
  case ComponentKind::strategy: return read_abi_struct(static_cast<const ah_strategy_api*>(api));
  case ComponentKind::cleaning: break;
  }
  return read_abi_struct(static_cast<const ah_cleaning_api*>(api));
}

// One component, or why it is unusable. Messages say "component 2 of 3" until the type name
// is known, and name the component from then on.
std::variant<ComponentInfo, std::string> read_component(const ah_component* source, std::size_t index,
                                                        std::size_t count) {
  std::string label = "component " + std::to_string(index + 1) + " of " + std::to_string(count);
  if (!source) return label + " is a NULL pointer; " + rebuild_hint;
  if (auto problem = abi::component_size_problem(source)) return label + ": " + *problem;
  ComponentInfo info;
  info.raw = read_abi_struct(source);
  if (!info.raw.type_name) return label + " has no type name; " + rebuild_hint;
  info.type_name = info.raw.type_name;
  if (auto problem = abi::type_name_problem(info.type_name)) return label + ": " + *problem;
  label = "component " + quoted(info.type_name);
  if (auto problem = abi::kind_problem(info.raw.kind)) return label + ": " + *problem;
  info.kind = *kind_from_abi(info.raw.kind);
  label = std::string(kind_name(info.kind)) + " " + label;
  if (auto problem = abi::entry_points_problem(info.raw)) return label + ": " + *problem;
  if (auto problem = abi::function_table_problem(info.raw.kind, info.raw.api)) return label + ": " + *problem;
  info.api = copy_table(info.kind, info.raw.api);
  if (auto problem = abi::settings_schema_problem(info.raw.settings_schema, &info.settings_schema))
    return label + ": " + *problem;
  info.description = info.raw.description ? info.raw.description : "";
  info.flags = info.raw.flags;
  return info;
}

// The type names a descriptor declares, read as far as they can be, for Refusal::type_names.
std::vector<std::string> readable_type_names(const ah_plugin_descriptor& d) {
  std::vector<std::string> names;
  if (!d.components || d.component_count > abi::max_component_count) return names;
  for (std::size_t i = 0; i < d.component_count; ++i) {
    const ah_component* c = d.components[i];
    if (!c || declared_size(c) < AGENTHOST_END_OF(ah_component, type_name)) continue;
    const ah_component copy = read_abi_struct(c);
    if (copy.type_name) names.emplace_back(copy.type_name);
  }
  return names;
}

} // namespace

Inspection read_descriptor(const ah_plugin_descriptor* descriptor, const std::string& path) {
  Refusal refusal{path, {}, {}, {}};
  const auto refuse = [&](std::string reason) -> Inspection {
    refusal.reason = std::move(reason);
    return refusal;
  };
  if (!descriptor) return refuse(abi::null_descriptor_reason());
  if (auto problem = abi::descriptor_layout_problem(descriptor)) return refuse(*problem);

  // A newer minor only appends members, so its 1.0 prefix is readable: take the plugin and type
  // names first, so that "no tool named X" can point at this file when it is refused below.
  const ah_plugin_descriptor d = read_abi_struct(descriptor);
  if (auto problem = abi::plugin_name_problem(d)) return refuse(*problem);
  refusal.plugin_name = d.name;
  refusal.type_names = readable_type_names(d);
  if (auto problem = abi::abi_minor_problem(d)) return refuse(*problem);
  if (auto problem = abi::component_array_problem(d)) return refuse(*problem);

  PluginInfo plugin;
  plugin.path = path;
  plugin.name = d.name;
  plugin.version = d.version ? d.version : "";
  plugin.description = d.description ? d.description : "";
  plugin.abi_major = d.abi_major;
  plugin.abi_minor = d.abi_minor;
  for (std::size_t i = 0; i < d.component_count; ++i) {
    auto component = read_component(d.components[i], i, d.component_count);
    if (auto* problem = std::get_if<std::string>(&component)) return refuse(*problem);
    ComponentInfo& info = std::get<ComponentInfo>(component);
    const auto earlier = std::find_if(plugin.components.begin(), plugin.components.end(),
                                      [&](const ComponentInfo& c) { return c.type_name == info.type_name; });
    if (earlier != plugin.components.end())
      return refuse(abi::duplicate_type_name_reason(earlier - plugin.components.begin() + 1, i + 1, info.type_name));
    info.plugin_name = plugin.name;
    info.plugin_path = path;
    plugin.components.push_back(std::move(info));
  }
  return plugin;
}

} // namespace agenthost::plugins
