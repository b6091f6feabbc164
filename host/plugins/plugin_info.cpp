#include "plugins/plugin_info.hpp"

#include <algorithm>

namespace agenthost::plugins {

const char* kind_name(ComponentKind kind) noexcept {
  switch (kind) {
  case ComponentKind::backend: return "backend";
  case ComponentKind::tool: return "tool";
  case ComponentKind::strategy: return "strategy";
  case ComponentKind::cleaning: return "cleaning";
  }
  return "unknown";
}

const char* kind_plural(ComponentKind kind) noexcept {
  switch (kind) {
  case ComponentKind::backend: return "backends";
  case ComponentKind::tool: return "tools";
  case ComponentKind::strategy: return "strategies";
  case ComponentKind::cleaning: return "cleaning steps";
  }
  return "components";
}

std::optional<ComponentKind> kind_from_abi(ah_component_kind kind) noexcept {
  switch (kind) {
  case AH_KIND_BACKEND: return ComponentKind::backend;
  case AH_KIND_TOOL: return ComponentKind::tool;
  case AH_KIND_STRATEGY: return ComponentKind::strategy;
  case AH_KIND_CLEANING: return ComponentKind::cleaning;
  default: return std::nullopt;
  }
}

std::optional<ComponentKind> kind_from_name(std::string_view name) noexcept {
  for (ComponentKind kind :
       {ComponentKind::backend, ComponentKind::tool, ComponentKind::strategy, ComponentKind::cleaning})
    if (name == kind_name(kind)) return kind;
  return std::nullopt;
}

bool Refusal::concerns(std::string_view name) const {
  if (name.empty()) return false;
  if (plugin_name == name) return true;
  if (std::find(type_names.begin(), type_names.end(), name) != type_names.end()) return true;
  const std::size_t slash = path.find_last_of('/');
  const std::string_view file = std::string_view(path).substr(slash == std::string::npos ? 0 : slash + 1);
  return file.size() == name.size() + 3 && file.substr(0, name.size()) == name && file.substr(name.size()) == ".so";
}

} // namespace agenthost::plugins
