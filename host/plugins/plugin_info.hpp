// What the host knows about a plugin file: the plugin and its components when it was accepted,
// or the precise reason it was refused.
#pragma once

#include "agenthost/json.hpp"
#include "agenthost/plugin.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace agenthost::plugins {

enum class ComponentKind { backend, tool, strategy, cleaning };

// "backend", "tool", "strategy", "cleaning": the words used in config sections and listings.
const char* kind_name(ComponentKind kind) noexcept;
// "backends", "tools", ...: for messages such as "loaded tools: calculator, clock".
const char* kind_plural(ComponentKind kind) noexcept;
// The ABI constant (AH_KIND_*) as a kind; nullopt for a value this host does not know.
std::optional<ComponentKind> kind_from_abi(ah_component_kind kind) noexcept;
// A config word ("tool") as a kind; nullopt for anything else.
std::optional<ComponentKind> kind_from_name(std::string_view name) noexcept;

// The kind-specific function table, copied (zero-extended) from the plugin's table.
using ApiTable = std::variant<ah_backend_api, ah_tool_api, ah_strategy_api, ah_cleaning_api>;

struct ComponentInfo {
  ComponentKind kind = ComponentKind::tool;
  std::string type_name;
  std::string description;
  json::Value settings_schema; // parsed and accepted by settings::check_schema
  std::uint32_t flags = 0;     // AH_COMPONENT_*
  // The host's own zero-extended copy of the plugin's ah_component: create/destroy live here.
  // Its string pointers point into the plugin, which is never unloaded.
  ah_component raw{};
  ApiTable api;
  // Which plugin provides it, for messages and logs.
  std::string plugin_name;
  std::string plugin_path;

  bool thread_safe() const { return (flags & AH_COMPONENT_THREAD_SAFE) != 0; }
};

struct PluginInfo {
  std::string path;
  std::string name;
  std::string version;
  std::string description;
  std::uint16_t abi_major = 0;
  std::uint16_t abi_minor = 0;
  std::vector<ComponentInfo> components;

  std::string abi() const { return std::to_string(abi_major) + "." + std::to_string(abi_minor); }
};

struct Refusal {
  std::string path;
  std::string reason; // what is wrong and what to do; names other files involved
  // What could be read before the refusal, so that "no tool named 'x'" can point at the refused
  // file that would have provided it. Empty when the descriptor could not be read.
  std::string plugin_name;
  std::vector<std::string> type_names;

  // "PATH: REASON", the form used in logs and errors.
  std::string message() const { return path + ": " + reason; }
  // Whether this file was probably meant to provide `name` (a plugin or component type name):
  // the descriptor said so, or the file is called NAME.so.
  bool concerns(std::string_view name) const;
};

using Inspection = std::variant<PluginInfo, Refusal>;

} // namespace agenthost::plugins
