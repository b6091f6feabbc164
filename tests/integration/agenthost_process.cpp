#include "agenthost_process.hpp"

#include "build_paths.hpp"

namespace agenthost::integration {

RunResult run_agenthost(const std::vector<std::string>& args, const ProcessOptions& options) {
  return run_to_completion(agenthost_binary(), args, options);
}

std::string describe(const RunResult& result) {
  const std::string status = result.exit_status ? std::to_string(*result.exit_status) : "none (timed out, killed)";
  return "exit status " + status + "\n--- stdout ---\n" + result.out + "--- stderr ---\n" + result.err;
}

std::unique_ptr<ChildProcess> start_serve(const std::vector<std::string>& args, const ProcessOptions& options) {
  std::vector<std::string> full{"serve"};
  full.insert(full.end(), args.begin(), args.end());
  return std::make_unique<ChildProcess>(agenthost_binary(), full, options);
}

std::optional<int> wait_until_listening(const ChildProcess& host, std::chrono::milliseconds timeout) {
  const std::optional<std::string> line = host.wait_for_stdout_line(listening_marker, timeout);
  if (!line) return std::nullopt;
  const std::size_t colon = line->rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  try {
    return std::stoi(line->substr(colon + 1));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

} // namespace agenthost::integration
