// Where the build put the things under test. The paths come from compile definitions set in
// this directory's CMakeLists.txt, so the tests run from any working directory.
#pragma once

#include <string>

namespace agenthost::integration {

inline std::string agenthost_binary() { return AGENTHOST_BIN; }
// scripted.so, calculator.so, clock.so: the plugins that ship with the host.
inline std::string bundled_plugin_dir() { return PLUGIN_DIR; }
// The plugins from tests/plugins, most of them broken on purpose.
inline std::string test_plugin_dir() { return TEST_PLUGIN_DIR; }
inline std::string source_dir() { return SOURCE_DIR; }

} // namespace agenthost::integration
