#include "plugins/plugin_catalog.hpp"

#include "plugins/plugin_loader.hpp"

#include <boost/filesystem/operations.hpp>

#include <algorithm>

namespace agenthost::plugins {

PluginCatalog PluginCatalog::discover(const std::vector<SearchDir>& search_path) {
  PluginCatalog catalog;
  catalog.search_path_ = search_path;
  for (const SearchDir& dir : search_path)
    for (const std::string& file : plugin_files_in(dir.path)) catalog.add_file(file);
  return catalog;
}

PluginCatalog PluginCatalog::from_files(const std::vector<std::string>& files) {
  PluginCatalog catalog;
  for (const std::string& file : files) catalog.add_file(file);
  return catalog;
}

void PluginCatalog::add_file(const std::string& path) {
  boost::system::error_code error;
  const auto canonical = boost::filesystem::canonical(path, error);
  const std::string identity = error ? path : canonical.string();
  if (std::find(loaded_files_.begin(), loaded_files_.end(), identity) != loaded_files_.end()) return;
  loaded_files_.push_back(identity);
  add(inspect(path));
}

void PluginCatalog::add(Inspection inspection) {
  if (auto* refusal = std::get_if<Refusal>(&inspection)) {
    refusals_.push_back(std::move(*refusal));
    return;
  }
  PluginInfo& plugin = std::get<PluginInfo>(inspection);
  std::vector<std::string> type_names;
  for (const ComponentInfo& c : plugin.components) type_names.push_back(c.type_name);
  const auto refuse = [&](std::string reason) {
    refusals_.push_back(Refusal{plugin.path, std::move(reason), plugin.name, type_names});
  };
  if (const PluginInfo* first = find_plugin(plugin.name)) {
    return refuse("plugin name '" + plugin.name + "' is already loaded from " + first->path +
                  "; the first file on the search path wins (remove or rename one of them)");
  }
  for (const ComponentInfo& component : plugin.components) {
    if (const ComponentInfo* existing = find_type(component.type_name)) {
      return refuse("type name '" + component.type_name + "' (" + kind_name(component.kind) +
                    ") is already provided by plugin '" + existing->plugin_name + "' from " + existing->plugin_path +
                    "; type names are unique per host: rename one of them");
    }
  }
  plugins_.push_back(std::move(plugin));
}

const ComponentInfo* PluginCatalog::find(ComponentKind kind, std::string_view type_name) const {
  const ComponentInfo* component = find_type(type_name);
  return component && component->kind == kind ? component : nullptr;
}

const ComponentInfo* PluginCatalog::find_type(std::string_view type_name) const {
  for (const PluginInfo& plugin : plugins_)
    for (const ComponentInfo& component : plugin.components)
      if (component.type_name == type_name) return &component;
  return nullptr;
}

const PluginInfo* PluginCatalog::find_plugin(std::string_view name) const {
  for (const PluginInfo& plugin : plugins_)
    if (plugin.name == name) return &plugin;
  return nullptr;
}

std::vector<std::string> PluginCatalog::type_names(ComponentKind kind) const {
  std::vector<std::string> names;
  for (const PluginInfo& plugin : plugins_)
    for (const ComponentInfo& component : plugin.components)
      if (component.kind == kind) names.push_back(component.type_name);
  std::sort(names.begin(), names.end());
  return names;
}

} // namespace agenthost::plugins
