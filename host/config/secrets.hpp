// Which settings are secrets, and how to show settings without leaking them.
//
// A secret never appears in logs, in `config check` output or in an error message: anything that
// echoes a setting's value goes through displayed_value().
#pragma once

#include "config/config.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace agenthost::config {

inline constexpr std::string_view redacted_marker = "***";

// True when the key contains (case-insensitively) "key", "secret", "password" or "token" — the
// last except as the unit of a count ("max_tokens", "token_delay_ms"), whose values an operator
// must be able to see in errors. Otherwise deliberately broad: leaking a key costs more than
// hiding a harmless value.
bool is_secret_key(std::string_view key);

// The value as it may be shown to a human: "***" for secret keys, else the value itself.
std::string displayed_value(std::string_view key, std::string_view value);

// "key = value" lines (newline-terminated) with secret values redacted.
std::string format_settings_redacted(const std::vector<RawSetting>& settings);

// An instance as it would be written in the file ("[backend.x]", "plugin = ...", settings),
// with secret values redacted.
std::string format_instance_redacted(const InstanceConfig& instance);

} // namespace agenthost::config
