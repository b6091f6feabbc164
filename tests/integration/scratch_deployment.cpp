#include "scratch_deployment.hpp"

#include <csignal>
#include <fstream>
#include <sstream>

namespace agenthost::integration {

ScratchDeployment::ScratchDeployment(const std::string& config_text) { rewrite_config(config_text); }

void ScratchDeployment::rewrite_config(const std::string& config_text) const {
  dir_.write("agenthost.conf", config_text);
}

RunResult ScratchDeployment::run(const std::vector<std::string>& args) const {
  std::vector<std::string> full = args;
  full.insert(full.end(), {"--config", config_file(), "--data-dir", data_dir()});
  ProcessOptions options;
  options.working_dir = dir_.path();
  return run_agenthost(full, options);
}

RunningHost ScratchDeployment::serve() const {
  ProcessOptions options;
  options.working_dir = dir_.path();
  RunningHost host;
  host.process =
      start_serve({"--listen", "127.0.0.1:0", "--config", config_file(), "--data-dir", data_dir()}, options);
  host.port = wait_until_listening(*host.process);
  return host;
}

std::optional<int> stop(RunningHost& host) {
  host.process->send_signal(SIGTERM);
  return host.process->wait_for_exit(std::chrono::seconds(20));
}

std::string admin_token_printed_by(const ChildProcess& host) {
  std::istringstream lines(host.stdout_text());
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(admin_token_marker, 0) != 0) continue;
    const std::size_t separator = line.rfind(": ");
    return separator == std::string::npos ? std::string() : line.substr(separator + 2);
  }
  return "";
}

std::optional<std::string> file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<std::string> admin_token_in(const std::string& data_dir) {
  std::optional<std::string> token = file_text(data_dir + "/admin.token");
  if (token) token->erase(token->find_last_not_of("\r\n ") + 1);
  return token;
}

} // namespace agenthost::integration
