#include "plugins/search_path.hpp"

#include <boost/filesystem.hpp>

#include <algorithm>

namespace agenthost::plugins {

namespace fs = boost::filesystem;

namespace {

std::string normalized_absolute(const std::string& dir) {
  boost::system::error_code error;
  fs::path path = fs::absolute(fs::path(dir), fs::current_path(error));
  path = path.lexically_normal();
  // "a/b/" normalizes to "a/b/." in Boost.Filesystem v3; it is the same directory as "a/b".
  if (path.filename() == "." && path.has_parent_path()) path = path.parent_path();
  std::string text = path.string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

// Two spellings of one directory (a symlink, "a/../a") are the same place to search.
std::string identity_of(const std::string& dir) {
  boost::system::error_code error;
  const fs::path canonical = fs::canonical(dir, error);
  return error ? dir : canonical.string();
}

} // namespace

std::vector<SearchDir> plugin_search_path(const std::optional<std::string>& environment_value,
                                          const std::vector<std::string>& config_dirs,
                                          const std::string& executable_dir) {
  std::vector<SearchDir> out;
  std::vector<std::string> seen;
  const auto add = [&](const std::string& dir, const char* origin) {
    if (dir.empty()) return;
    const std::string path = normalized_absolute(dir);
    const std::string identity = identity_of(path);
    if (std::find(seen.begin(), seen.end(), identity) != seen.end()) return;
    seen.push_back(identity);
    out.push_back({path, origin});
  };
  if (environment_value) {
    std::size_t start = 0;
    while (start <= environment_value->size()) {
      const std::size_t colon = std::min(environment_value->find(':', start), environment_value->size());
      add(environment_value->substr(start, colon - start), "AGENTHOST_PLUGIN_PATH");
      start = colon + 1;
    }
  }
  for (const std::string& dir : config_dirs) add(dir, "[plugins] path");
  if (!executable_dir.empty()) {
    add(executable_dir + "/../plugins", "default");
    add(executable_dir + "/../lib/agenthost/plugins", "default");
  }
  return out;
}

std::string executable_directory() {
  boost::system::error_code error;
  const fs::path exe = fs::read_symlink("/proc/self/exe", error);
  return error ? std::string() : exe.parent_path().string();
}

std::vector<std::string> plugin_files_in(const std::string& dir) {
  std::vector<std::string> files;
  boost::system::error_code error;
  fs::directory_iterator it(dir, error);
  if (error) return files;
  for (; it != fs::directory_iterator(); it.increment(error)) {
    if (error) break;
    const fs::path& path = it->path();
    boost::system::error_code status_error;
    // status() follows symlinks: a link to a plugin elsewhere counts, a dangling one does not.
    if (path.extension() == ".so" && fs::is_regular_file(fs::status(path, status_error)))
      files.push_back(path.string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool directory_exists(const std::string& dir) {
  boost::system::error_code error;
  return fs::is_directory(dir, error);
}

} // namespace agenthost::plugins
