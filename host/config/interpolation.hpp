// `${VAR}` substitution in config values.
//
//   ${VAR}            the variable's value; an error when it is not set
//   ${VAR:-fallback}  the variable's value, or `fallback` when it is unset or empty (as in sh)
//   $${               a literal `${`
//
// Any other `$` is kept as is. Error messages name variables but never echo the value text,
// which may be (part of) a secret.
#pragma once

#include "config/environment.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace agenthost::config {

struct Interpolated {
  std::string value;
  std::vector<std::string> errors; // empty on success
};

Interpolated interpolate_env(std::string_view text, const EnvLookup& env);

} // namespace agenthost::config
