#include "config/config_error.hpp"

#include "common/error.hpp"

#include <algorithm>

namespace agenthost::config {

std::string ConfigError::format() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  if (!section.empty()) out += "[" + section + "] ";
  if (!key.empty()) out += key + ": ";
  out += message;
  return out;
}

std::string format_errors(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const ConfigError& error : errors) {
    if (!out.empty()) out += '\n';
    out += error.format();
  }
  return out;
}

void throw_config_errors(const std::vector<ConfigError>& errors) {
  std::string message = std::to_string(errors.size()) + (errors.size() == 1 ? " error" : " errors") +
                        " in the configuration:\n" + format_errors(errors);
  throw Error(ErrorKind::config, std::move(message));
}

void ErrorList::add(int line, std::string section, std::string key, std::string message) {
  errors_.push_back(ConfigError{file_, line, std::move(section), std::move(key), std::move(message)});
}

std::vector<ConfigError> ErrorList::take_sorted() {
  // Errors are found pass by pass (syntax, interpolation, sections, cross-references); reading
  // them in file order is what lets an operator fix the file top to bottom.
  std::stable_sort(errors_.begin(), errors_.end(), [](const ConfigError& a, const ConfigError& b) {
    const bool a_file_level = a.line == 0;
    const bool b_file_level = b.line == 0;
    if (a_file_level != b_file_level) return b_file_level;
    return a.line < b.line;
  });
  return std::move(errors_);
}

} // namespace agenthost::config
