// Shared shorthands for the config tests.
#pragma once

#include "config/config.hpp"

#include <map>
#include <string>
#include <string_view>

namespace agenthost::config::testing {

inline const std::string test_file = "test.conf";
inline const std::string test_dir = "/etc/agenthost";

inline LoadResult load(std::string_view text, std::map<std::string, std::string> env = {}) {
  return load_config_text(text, test_file, test_dir, fixed_environment(std::move(env)));
}

// All errors, formatted, one per line: what `config check` would print.
inline std::string errors_of(const LoadResult& result) { return format_errors(result.errors); }

} // namespace agenthost::config::testing
