// agenthost SDK settings: one problem found in a component's settings or settings schema.
#pragma once

#include <string>

namespace agenthost::settings {

struct Problem {
  std::string key; // the setting (or schema property) concerned; empty for the whole schema
  int line = 0;
  std::string message; // names the key: "port: expected an integer, got 'http'"
};

} // namespace agenthost::settings
