#include "api/server_process.hpp"

#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace bench::api {
namespace {

constexpr const char* kListeningMarker = "agenthost listening on http://";

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

std::string write_server_config(const std::string& dir, int server_threads) {
  const std::string path = dir + "/bench-api.conf";
  std::ofstream(path) << "; written by bench_api: config/agenthost.conf's backend and tools, no [agent.*]\n"
                      << "[server]\nlisten = 127.0.0.1:0\nthreads = " << server_threads << "\n\n"
                      << "[store]\nurl = sqlite:agenthost.db\n\n"
                      << "[backend.demo]\nplugin = scripted\ntoken_delay_ms = 30\n\n"
                      << "[tool.calculator]\nplugin = calculator\n\n"
                      << "[tool.clock]\nplugin = clock\n";
  return path;
}

ServerProcess::ServerProcess(const ServerSetup& setup)
    : stdout_path_(setup.log_dir + "/serve.stdout"), stderr_path_(setup.log_dir + "/serve.stderr") {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> args = {setup.binary, "serve", "--config", setup.config_path, "--data-dir", setup.data_dir,
                                   "--listen", "127.0.0.1:0"};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const int status = posix_spawn(&pid_, setup.binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (status != 0) {
    pid_ = -1;
    throw std::runtime_error("cannot start " + setup.binary + " (" + std::strerror(status) +
                             "); build it with `ninja -C build agenthost` or pass --agenthost PATH");
  }

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string out = read_file(stdout_path_);
    const std::size_t marker = out.find(kListeningMarker);
    const std::size_t end = marker == std::string::npos ? marker : out.find('\n', marker);
    if (end != std::string::npos) {
      const std::string address = out.substr(marker, end - marker);
      port_ = std::stoi(address.substr(address.rfind(':') + 1));
      return;
    }
    int exit_status = 0;
    if (waitpid(pid_, &exit_status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("agenthost serve exited before listening; its stderr ends with:\n" + tail_of_stderr());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50)); // polling a file: nothing to wait on
  }
  stop(); // a constructor that throws gets no destructor call
  throw std::runtime_error("agenthost serve printed no '" + std::string(kListeningMarker) +
                           "' line within 60 s; its stderr ends with:\n" + tail_of_stderr());
}

ServerProcess::~ServerProcess() { stop(); }

void ServerProcess::stop() noexcept {
  if (pid_ <= 0) return;
  const pid_t pid = pid_;
  pid_ = -1;
  kill(pid, SIGTERM);
  for (int i = 0; i < 300; ++i) { // up to 15 s: the host drains in-flight requests first
    if (waitpid(pid, nullptr, WNOHANG) == pid) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

std::string ServerProcess::tail_of_stderr() const {
  const std::string err = read_file(stderr_path_);
  return err.size() > 4000 ? err.substr(err.size() - 4000) : err;
}

} // namespace bench::api
