// Loads one plugin file with Boost.DLL and reads its descriptor.
//
// A library, once opened, stays loaded until the process exits, whether it was accepted or
// refused: the host keeps pointers into it (descriptor strings, function tables, instances),
// and unloading would run a plugin's static destructors while such pointers may still be used.
#pragma once

#include "plugins/plugin_info.hpp"

#include <string>

namespace agenthost::plugins {

// Loads `path` (RTLD_NOW | RTLD_LOCAL), finds agenthost_plugin_v1, calls it and checks the
// descriptor. Every failure is a Refusal naming the file and saying why; nothing throws for a
// bad plugin. This is `agenthost plugins inspect FILE`.
Inspection inspect(const std::string& path);

} // namespace agenthost::plugins
