// `agenthost serve` as a child process on a free loopback port, its stdout and stderr in files
// (the per-request log lines must not fill a pipe nobody reads). Stopped with SIGTERM (then
// SIGKILL) when destroyed, so a failing benchmark leaves no server behind.
#pragma once

#include <string>
#include <vector>

#include <sys/types.h>

namespace bench::api {

struct ServerSetup {
  std::string binary;
  std::string config_path;
  std::string data_dir;
  std::string log_dir; // gets serve.stdout and serve.stderr
};

class ServerProcess {
public:
  // Returns once the host printed "agenthost listening on http://HOST:PORT" (throws, quoting its
  // stderr, when it exits or stays silent for 60 s).
  explicit ServerProcess(const ServerSetup& setup);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const noexcept { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
  void stop() noexcept;
  std::string tail_of_stderr() const;

  pid_t pid_ = -1;
  int port_ = 0;
  std::string stdout_path_;
  std::string stderr_path_;
};

// The config the benchmark serves with: the bundled config's backend and tools, the store's
// default database in --data-dir, and the given number of server threads.
std::string write_server_config(const std::string& dir, int server_threads);

} // namespace bench::api
