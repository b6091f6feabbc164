// Where `${VAR}` values come from. Injected so tests never mutate the process environment.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace agenthost::config {

// Returns the variable's value, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// Reads the real process environment (getenv).
EnvLookup process_environment();

// A fixed environment, e.g. for tests: exactly the given variables are set.
EnvLookup fixed_environment(std::map<std::string, std::string> variables);

} // namespace agenthost::config
