// What every verb that reads a deployment needs: the config file (or built-in defaults), the
// data directory, and the plugin catalog on the configured search path.
#pragma once

#include "app/command_line.hpp"
#include "config/config.hpp"
#include "plugins/plugin_catalog.hpp"

#include <string>
#include <vector>

namespace agenthost::app {

// The config file a command uses: --config when given, else config/agenthost.conf when it
// exists, else none (empty: built-in defaults).
std::string config_path_of(const Command& command);

// Loads the command's config. Errors come back in the result; with no config file the result is
// the built-in defaults with no errors.
config::LoadResult load_deployment_config(const Command& command);

// --data-dir, or ./var.
std::string data_dir_of(const Command& command);

// AGENTHOST_PLUGIN_PATH, then [plugins] path, then the defaults next to the binary.
plugins::PluginCatalog discover_plugins(const config::Config& config);

} // namespace agenthost::app
