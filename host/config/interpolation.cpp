#include "config/interpolation.hpp"

#include <cctype>

namespace agenthost::config {

namespace {

bool is_variable_name(std::string_view name) {
  if (name.empty()) return false;
  const auto first = static_cast<unsigned char>(name.front());
  if (!(std::isalpha(first) || first == '_')) return false;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || u == '_')) return false;
  }
  return true;
}

} // namespace

Interpolated interpolate_env(std::string_view text, const EnvLookup& env) {
  Interpolated result;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 3, "$${") == 0) {
      result.value += "${";
      i += 3;
      continue;
    }
    if (text.compare(i, 2, "${") != 0) {
      result.value += text[i];
      ++i;
      continue;
    }
    const std::size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      result.errors.push_back("'${' is not closed by '}'; write ${NAME}, or $${ for a literal '${'");
      return result;
    }
    const std::string_view body = text.substr(i + 2, close - i - 2);
    const std::size_t default_mark = body.find(":-");
    const std::string name(body.substr(0, default_mark));
    const bool has_default = default_mark != std::string_view::npos;

    if (!is_variable_name(name)) {
      result.errors.push_back("'${...}' must hold a variable name (letters, digits, '_', not starting with a "
                              "digit), optionally followed by ':-default'");
    } else {
      const std::optional<std::string> found = env(name);
      if (found && !(has_default && found->empty())) {
        result.value += *found;
      } else if (has_default) {
        result.value += body.substr(default_mark + 2);
      } else {
        result.errors.push_back("environment variable " + name + " is not set; set it, or write ${" + name +
                                ":-default} to fall back to a default");
      }
    }
    i = close + 1;
  }
  return result;
}

} // namespace agenthost::config
