#include "app/deployment.hpp"

#include "plugins/search_path.hpp"

#include <cstdlib>
#include <filesystem>
#include <optional>

namespace agenthost::app {

namespace {
const char* const kDefaultConfigPath = "config/agenthost.conf";
} // namespace

std::string config_path_of(const Command& command) {
  if (!command.config_path.empty()) return command.config_path;
  std::error_code ignored;
  return std::filesystem::is_regular_file(kDefaultConfigPath, ignored) ? kDefaultConfigPath : "";
}

config::LoadResult load_deployment_config(const Command& command) {
  const std::string path = config_path_of(command);
  if (path.empty()) {
    config::LoadResult defaults = config::load_config_text("", "(built-in defaults)", ".", config::process_environment());
    return defaults;
  }
  return config::load_config_file(path, config::process_environment());
}

std::string data_dir_of(const Command& command) { return command.data_dir.empty() ? "var" : command.data_dir; }

plugins::PluginCatalog discover_plugins(const config::Config& config) {
  std::optional<std::string> env_path;
  if (const char* value = std::getenv("AGENTHOST_PLUGIN_PATH")) env_path = value;
  return plugins::PluginCatalog::discover(
      plugins::plugin_search_path(env_path, config.plugins.search_path, plugins::executable_directory()));
}

} // namespace agenthost::app
