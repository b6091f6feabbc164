#include "agenthost/plugin.h"
#include "app/verbs.hpp"

#include <iostream>

#ifndef AGENTHOST_VERSION
#error "AGENTHOST_VERSION must be defined by the build"
#endif

namespace agenthost::app {

int run_version() {
  std::cout << "agenthost " << AGENTHOST_VERSION << " (plugin ABI " << AGENTHOST_ABI_MAJOR << "."
            << AGENTHOST_ABI_MINOR << ")\n";
  return 0;
}

} // namespace agenthost::app
