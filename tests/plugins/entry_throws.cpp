// A C++ plugin whose entry function throws instead of returning a descriptor: the host must
// refuse this file and keep discovering the others.
#include "agenthost/plugin.h"

#include <stdexcept>

extern "C" AGENTHOST_EXPORT const ah_plugin_descriptor* agenthost_plugin_v1(void) {
  throw std::runtime_error("descriptor setup exploded");
}
