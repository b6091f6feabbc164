#include "plugins/descriptor_reader.hpp"

#include "plugins/abi_struct.hpp"

#include "agenthost/settings_schema.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>

namespace agenthost::plugins {

namespace {

constexpr std::size_t max_type_name_length = 64;
// More components than this is not a plugin but a corrupted count (it would also make the host
// read far past the array).
constexpr std::size_t max_component_count = 1024;
constexpr const char* rebuild_hint =
    "a corrupted or hand-written descriptor: rebuild the plugin with the agenthost SDK";
// What a component without a settings schema accepts: no settings at all.
constexpr const char* empty_settings_schema = R"({"type":"object","properties":{}})";

std::string abi_text(unsigned major, unsigned minor) { return std::to_string(major) + "." + std::to_string(minor); }

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

template <class Table> Table read_table(const void* api) { return read_abi_struct(static_cast<const Table*>(api)); }

// Copies the kind's function table into `out`, or says why it is unusable.
std::optional<std::string> check_table(ComponentKind kind, const void* api, ApiTable& out) {
  const char* kind_word = kind_name(kind);
  const auto too_small = [&](std::size_t minimum) -> std::optional<std::string> {
    const std::uint32_t size = declared_size(api);
    if (size >= minimum) return std::nullopt;
    return std::string("its ") + kind_word + " function table's struct_size is " + std::to_string(size) +
           " bytes, smaller than the " + std::to_string(minimum) + " bytes of ABI 1.0; " + rebuild_hint;
  };
  const auto missing = [&](const char* operation) {
    return std::string("its ") + kind_word + " function table has no " + operation + " function; " + rebuild_hint;
  };
  switch (kind) {
  case ComponentKind::backend: {
    if (auto problem = too_small(backend_api_size_v1_0)) return problem;
    const auto table = read_table<ah_backend_api>(api);
    if (!table.chat) return missing("chat"); // list_models, pull_model, describe are optional
    out = table;
    return std::nullopt;
  }
  case ComponentKind::tool: {
    if (auto problem = too_small(tool_api_size_v1_0)) return problem;
    const auto table = read_table<ah_tool_api>(api);
    if (!table.describe) return missing("describe"); // the model needs the parameters schema
    if (!table.invoke) return missing("invoke");
    out = table;
    return std::nullopt;
  }
  case ComponentKind::strategy: {
    if (auto problem = too_small(strategy_api_size_v1_0)) return problem;
    const auto table = read_table<ah_strategy_api>(api);
    if (!table.apply) return missing("apply");
    out = table;
    return std::nullopt;
  }
  case ComponentKind::cleaning: {
    if (auto problem = too_small(cleaning_api_size_v1_0)) return problem;
    const auto table = read_table<ah_cleaning_api>(api);
    if (!table.clean) return missing("clean");
    out = table;
    return std::nullopt;
  }
  }
  return std::string("unknown component kind");
}

std::optional<std::string> read_schema(const char* text, json::Value& out) {
  const std::string_view schema_text = text ? std::string_view(text) : std::string_view(empty_settings_schema);
  try {
    out = json::parse(schema_text);
  } catch (const json::ParseError& e) {
    return std::string("settings schema is not valid JSON (") + e.what() + ")";
  }
  const std::vector<settings::Problem> problems = settings::check_schema(out);
  if (problems.empty()) return std::nullopt;
  std::string reason = "settings schema rejected: ";
  for (std::size_t i = 0; i < problems.size(); ++i) reason += (i ? "; " : "") + problems[i].message;
  return reason;
}

// One component, or why it is unusable. Messages say "component 2 of 3" until the type name
// is known, and name the component from then on.
std::variant<ComponentInfo, std::string> read_component(const ah_component* source, std::size_t index,
                                                        std::size_t count) {
  std::string label = "component " + std::to_string(index + 1) + " of " + std::to_string(count);
  if (!source) return label + " is a NULL pointer; " + rebuild_hint;
  const std::uint32_t size = declared_size(source);
  if (size < component_size_v1_0)
    return label + ": struct_size is " + std::to_string(size) + " bytes, smaller than the " +
           std::to_string(component_size_v1_0) + " bytes of an ABI 1.0 component; " + rebuild_hint;
  ComponentInfo info;
  info.raw = read_abi_struct(source);
  if (!info.raw.type_name) return label + " has no type name; " + rebuild_hint;
  info.type_name = info.raw.type_name;
  if (!is_valid_type_name(info.type_name))
    return label + ": invalid type name " + quoted(info.type_name) + " (type names are [a-z0-9_]+, at most " +
           std::to_string(max_type_name_length) + " characters, e.g. web_search)";
  label = "component " + quoted(info.type_name);
  const std::optional<ComponentKind> kind = kind_from_abi(info.raw.kind);
  if (!kind)
    return label + ": unknown kind " + std::to_string(info.raw.kind) +
           " (this host knows 1 backend, 2 tool, 3 strategy, 4 cleaning); " + rebuild_hint;
  info.kind = *kind;
  label = std::string(kind_name(info.kind)) + " " + label;
  for (const auto& [present, what] :
       {std::pair{info.raw.create != nullptr, "create"}, std::pair{info.raw.destroy != nullptr, "destroy"},
        std::pair{info.raw.api != nullptr, "api"}}) {
    if (!present) return label + ": missing " + what + " (create, destroy and api are required); " + rebuild_hint;
  }
  if (auto problem = check_table(info.kind, info.raw.api, info.api)) return label + ": " + *problem;
  if (auto problem = read_schema(info.raw.settings_schema, info.settings_schema)) return label + ": " + *problem;
  info.description = info.raw.description ? info.raw.description : "";
  info.flags = info.raw.flags;
  return info;
}

// The type names a descriptor declares, read as far as they can be, for Refusal::type_names.
std::vector<std::string> readable_type_names(const ah_plugin_descriptor& d) {
  std::vector<std::string> names;
  if (!d.components || d.component_count > max_component_count) return names;
  for (std::size_t i = 0; i < d.component_count; ++i) {
    const ah_component* c = d.components[i];
    if (!c || declared_size(c) < AGENTHOST_END_OF(ah_component, type_name)) continue;
    const ah_component copy = read_abi_struct(c);
    if (copy.type_name) names.emplace_back(copy.type_name);
  }
  return names;
}

} // namespace

bool is_valid_type_name(std::string_view name) noexcept {
  return !name.empty() && name.size() <= max_type_name_length && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Inspection read_descriptor(const ah_plugin_descriptor* descriptor, const std::string& path) {
  Refusal refusal{path, {}, {}, {}};
  const auto refuse = [&](std::string reason) -> Inspection {
    refusal.reason = std::move(reason);
    return refusal;
  };
  if (!descriptor)
    return refuse(std::string("the entry function ") + AGENTHOST_ENTRY_SYMBOL +
                  " returned NULL instead of a descriptor; " + rebuild_hint);

  const std::uint32_t size = declared_size(descriptor);
  const std::string too_small = "descriptor struct_size is " + std::to_string(size) + " bytes, smaller than the " +
                                std::to_string(descriptor_size_v1_0) + " bytes of an ABI 1.0 descriptor; " +
                                rebuild_hint;
  if (size < AGENTHOST_END_OF(ah_plugin_descriptor, abi_minor)) return refuse(too_small);
  const ah_plugin_descriptor header = read_abi_struct(descriptor);
  if (header.abi_major != AGENTHOST_ABI_MAJOR)
    return refuse("built for ABI " + std::to_string(header.abi_major) + ".x, this host speaks " +
                  std::to_string(AGENTHOST_ABI_MAJOR) + ".x — rebuild against SDK " +
                  std::to_string(AGENTHOST_ABI_MAJOR));
  // Only now is the layout known to be 1.x, so only now does the 1.0 size apply.
  if (size < descriptor_size_v1_0) return refuse(too_small);

  // A newer minor only appends members, so its 1.0 prefix is readable: take the plugin and type
  // names first, so that "no tool named X" can point at this file when it is refused below.
  const ah_plugin_descriptor& d = header;
  if (!d.name || !*d.name) return refuse(std::string("the descriptor has no plugin name; ") + rebuild_hint);
  refusal.plugin_name = d.name;
  refusal.type_names = readable_type_names(d);
  if (header.abi_minor > AGENTHOST_ABI_MINOR)
    return refuse("needs ABI " + abi_text(header.abi_major, header.abi_minor) + ", this host speaks " +
                  abi_text(AGENTHOST_ABI_MAJOR, AGENTHOST_ABI_MINOR) + " — upgrade agenthost, or build against SDK " +
                  abi_text(AGENTHOST_ABI_MAJOR, AGENTHOST_ABI_MINOR));
  if (d.component_count > max_component_count)
    return refuse("declares " + std::to_string(d.component_count) + " components, more than the " +
                  std::to_string(max_component_count) + " a plugin may have; " + rebuild_hint);
  if (d.component_count > 0 && !d.components)
    return refuse("declares " + std::to_string(d.component_count) + " components but its components array is NULL; " +
                  rebuild_hint);

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
      return refuse("components " + std::to_string(earlier - plugin.components.begin() + 1) + " and " +
                    std::to_string(i + 1) + " both declare the type name " + quoted(info.type_name) +
                    "; type names are unique per host: rename one");
    info.plugin_name = plugin.name;
    info.plugin_path = path;
    plugin.components.push_back(std::move(info));
  }
  return plugin;
}

} // namespace agenthost::plugins
