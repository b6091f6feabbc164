// A deployment of its own for one test: a config file and a data directory in a scratch
// directory, the store verbs run against it, and `serve` started and stopped on it.
#pragma once

#include "agenthost_process.hpp"
#include "scratch_dir.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace agenthost::integration {

// A running `agenthost serve`: its process and the port it reported.
struct RunningHost {
  std::unique_ptr<ChildProcess> process;
  std::optional<int> port; // nullopt: it never said it listens (see process->stderr_text())
};

// The line serve prints the first time: "admin token (also in PATH): TOKEN".
inline const char* const admin_token_marker = "admin token (also in ";

class ScratchDeployment {
public:
  // Writes `config_text` as the deployment's config file.
  explicit ScratchDeployment(const std::string& config_text);

  void rewrite_config(const std::string& config_text) const;
  std::string config_file() const { return dir_.file("agenthost.conf"); }
  std::string data_dir() const { return dir_.file("data"); }
  std::string admin_token_file() const { return dir_.file("data/admin.token"); }

  // `agenthost ARGS... --config FILE --data-dir DIR`, from the scratch directory.
  RunResult run(const std::vector<std::string>& args) const;
  // `agenthost serve --listen 127.0.0.1:0 --config FILE --data-dir DIR`, waited for (bounded).
  RunningHost serve() const;

private:
  ScratchDir dir_;
};

// SIGTERM, then the exit status (nullopt when it did not stop in time).
std::optional<int> stop(RunningHost& host);

// The token on the "admin token (also in PATH): TOKEN" line of what serve printed, or "" when
// there is no such line.
std::string admin_token_printed_by(const ChildProcess& host);

// The admin token serve wrote into `data_dir` at its first start (without the newline), or
// nullopt when there is no such file.
std::optional<std::string> admin_token_in(const std::string& data_dir);

// The file's bytes, or nullopt when it cannot be read.
std::optional<std::string> file_text(const std::string& path);

} // namespace agenthost::integration
