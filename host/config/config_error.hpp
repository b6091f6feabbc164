// Config errors: each one says where (file, line, section, key) and what to do.
#pragma once

#include <string>
#include <vector>

namespace agenthost::config {

struct ConfigError {
  std::string file;
  int line = 0;        // 1-based; 0 when the error concerns the file as a whole
  std::string section; // e.g. "backend.demo"; empty before any section or for file-level errors
  std::string key;     // empty for line- and section-level errors
  std::string message;

  // "FILE:LINE: [section] key: message", leaving out the parts that are empty or zero.
  std::string format() const;
};

// One formatted error per line, in order.
std::string format_errors(const std::vector<ConfigError>& errors);

// Throws agenthost::Error(ErrorKind::config) whose message lists every error.
[[noreturn]] void throw_config_errors(const std::vector<ConfigError>& errors);

// Collects the errors of one file while it is being loaded.
class ErrorList {
public:
  explicit ErrorList(std::string file) : file_(std::move(file)) {}

  void add(int line, std::string section, std::string key, std::string message);

  const std::string& file() const { return file_; }
  const std::vector<ConfigError>& errors() const { return errors_; }

  // The errors in line order (file-level errors last), leaving the list empty.
  std::vector<ConfigError> take_sorted();

private:
  std::string file_;
  std::vector<ConfigError> errors_;
};

} // namespace agenthost::config
