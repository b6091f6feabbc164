#include "config/secrets.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace agenthost::config {

bool is_secret_key(std::string_view key) {
  std::string lowered(key);
  std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::array<std::string_view, 3> secret_words = {"key", "secret", "password"};
  if (std::any_of(secret_words.begin(), secret_words.end(),
                  [&](std::string_view word) { return lowered.find(word) != std::string::npos; })) {
    return true;
  }
  // "token" names a credential (token, api_token, access_token) except where it is the unit of a
  // count: plural "tokens" (max_tokens) or a "token_" prefix (token_delay_ms, token_budget).
  // Redacting those would hide the very value an operator mistyped.
  for (std::size_t at = lowered.find("token"); at != std::string::npos; at = lowered.find("token", at + 1)) {
    const std::size_t after = at + 5;
    const bool plural = after < lowered.size() && lowered[after] == 's';
    const bool unit_prefix = at == 0 && after < lowered.size() && lowered[after] == '_';
    if (!plural && !unit_prefix) return true;
  }
  return false;
}

std::string displayed_value(std::string_view key, std::string_view value) {
  return is_secret_key(key) ? std::string(redacted_marker) : std::string(value);
}

std::string format_settings_redacted(const std::vector<RawSetting>& settings) {
  std::string out;
  for (const RawSetting& setting : settings) {
    out += setting.key + " = " + displayed_value(setting.key, setting.value) + "\n";
  }
  return out;
}

std::string format_instance_redacted(const InstanceConfig& instance) {
  return "[" + instance.section() + "]\nplugin = " + instance.plugin + "\n" +
         format_settings_redacted(instance.settings);
}

} // namespace agenthost::config
