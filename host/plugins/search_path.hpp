// Where the host looks for plugin files, and which files in a directory are candidates.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace agenthost::plugins {

struct SearchDir {
  std::string path;   // absolute, lexically normalized
  std::string origin; // "AGENTHOST_PLUGIN_PATH", "[plugins] path" or "default": why it is searched
};

// The search path, in order:
//   1. `environment_value` (AGENTHOST_PLUGIN_PATH), colon-separated; relative entries are
//      relative to the current directory;
//   2. `config_dirs` ([plugins] path, already resolved against the config file's directory);
//   3. the defaults next to the binary: <executable_dir>/../plugins (the build tree) and
//      <executable_dir>/../lib/agenthost/plugins (an installed prefix).
// Empty entries are skipped, and a directory listed twice is searched once, at its first place.
std::vector<SearchDir> plugin_search_path(const std::optional<std::string>& environment_value,
                                          const std::vector<std::string>& config_dirs,
                                          const std::string& executable_dir);

// The directory holding the running executable (from /proc/self/exe); empty if unknown.
std::string executable_directory();

// The *.so files directly in `dir` (regular files or links to them), sorted by name so that
// discovery is deterministic. A missing or unreadable directory has none.
std::vector<std::string> plugin_files_in(const std::string& dir);

bool directory_exists(const std::string& dir);

} // namespace agenthost::plugins
