// Every plugin found on the search path: the accepted ones with their components, and the
// refused files with their reasons. Built once at startup; read-only (and so thread-safe) after.
#pragma once

#include "plugins/plugin_info.hpp"
#include "plugins/search_path.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace agenthost::plugins {

class PluginCatalog {
public:
  // Loads every *.so in the search path's directories, in order. The first file with a given
  // plugin name wins; a later file with the same plugin name, or declaring a component type name
  // that an accepted plugin already declares, is refused naming both files. A file reached
  // twice (the same file through two directories) is loaded once.
  static PluginCatalog discover(const std::vector<SearchDir>& search_path);

  // The given files, in order, with the same checks (for tests and explicit lists).
  static PluginCatalog from_files(const std::vector<std::string>& files);

  const std::vector<SearchDir>& search_path() const { return search_path_; }
  const std::vector<PluginInfo>& plugins() const { return plugins_; }
  const std::vector<Refusal>& refusals() const { return refusals_; }

  // The component of that kind and type name, or nullptr.
  const ComponentInfo* find(ComponentKind kind, std::string_view type_name) const;
  // The component with that type name whatever its kind (type names are unique per host).
  const ComponentInfo* find_type(std::string_view type_name) const;
  const PluginInfo* find_plugin(std::string_view name) const;
  // Type names of every loaded component of `kind`, sorted.
  std::vector<std::string> type_names(ComponentKind kind) const;

private:
  void add_file(const std::string& path);
  void add(Inspection inspection);

  std::vector<SearchDir> search_path_;
  std::vector<PluginInfo> plugins_;
  std::vector<Refusal> refusals_;
  std::vector<std::string> loaded_files_; // canonical paths, so one file is never loaded twice
};

} // namespace agenthost::plugins
