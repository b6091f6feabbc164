// A turn whose agent has the cache_probe test tool (host/plugins/tests/cache_probe_plugin.cpp),
// scripted by `script`: for the tests of what a turn's job record says about its cache use.
// The target defines CACHE_PROBE_PLUGIN_PATH.
#pragma once

#include "runtime/tests/turn_harness.hpp"

#include <chrono>

namespace agenthost::runtime::testing {

inline TurnSetup cache_probe_setup(const char* script) {
  TurnSettings settings;
  settings.coalesce = std::chrono::milliseconds(0);
  TurnSetup setup = scripted_setup(script, settings);
  setup.plugin_files.push_back(CACHE_PROBE_PLUGIN_PATH);
  setup.instances.push_back({"cache_probe", "probe", {}});
  setup.agent.name = "cached";
  setup.agent.tools = {"probe"};
  setup.start_pools = true;
  return setup;
}

} // namespace agenthost::runtime::testing
