// Runs a program as a child process for the integration tests, the way a user's shell would:
// arguments, working directory and extra environment variables in; stdout, stderr and the exit
// status out. Every wait is bounded, so a hung child fails its test instead of hanging the suite.
#pragma once

#include <Poco/Pipe.h>
#include <Poco/Process.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace agenthost::integration {

struct ProcessOptions {
  std::string working_dir;                      // empty: the test's own working directory
  std::map<std::string, std::string> extra_env; // set on top of the inherited environment
};

// Poco reports a child killed by signal S as exit status 256 + S.
constexpr int killed_by(int signal_number) { return 256 + signal_number; }

// Collects everything one pipe delivers, on its own thread, so that a child writing a lot to
// one stream never blocks because nobody reads it.
class PipeReader {
public:
  explicit PipeReader(Poco::Pipe pipe);
  ~PipeReader();
  PipeReader(const PipeReader&) = delete;
  PipeReader& operator=(const PipeReader&) = delete;

  std::string text() const;
  // The first complete line containing `needle` (without its newline), or nullopt when the
  // stream ended or `timeout` passed without one.
  std::optional<std::string> wait_for_line(const std::string& needle, std::chrono::milliseconds timeout) const;
  // Waits (bounded) until the writer closed the stream: the child exited, or was killed.
  void wait_for_end(std::chrono::milliseconds timeout) const;

private:
  void read_until_end();
  std::optional<std::string> find_line(const std::string& needle) const; // caller holds mutex_

  Poco::Pipe pipe_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::string text_;
  bool ended_ = false;
  std::thread thread_;
};

// A running child. The destructor kills it (SIGKILL) if it is still running, so a failed
// assertion never leaves a stray server behind.
class ChildProcess {
public:
  ChildProcess(const std::string& program, const std::vector<std::string>& args, const ProcessOptions& options = {});
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  int pid() const { return pid_; }
  void send_signal(int signal_number) const;
  // The exit status, or nullopt if the child still runs after `timeout`.
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);
  // Waits (bounded) for a stdout line containing `needle`; returns early if stdout closes.
  std::optional<std::string> wait_for_stdout_line(const std::string& needle, std::chrono::milliseconds timeout) const;
  // The same for stderr: a line the child wrote there may still be in the pipe when a stdout
  // line written after it has already been read.
  std::optional<std::string> wait_for_stderr_line(const std::string& needle, std::chrono::milliseconds timeout) const {
    return err_.wait_for_line(needle, timeout);
  }
  // What the child wrote so far; complete once wait_for_exit returned a status.
  std::string stdout_text() const { return out_.text(); }
  std::string stderr_text() const { return err_.text(); }

private:
  void kill_and_reap();

  Poco::Pipe in_pipe_;
  Poco::Pipe out_pipe_;
  Poco::Pipe err_pipe_;
  Poco::ProcessHandle handle_;
  int pid_;
  PipeReader out_;
  PipeReader err_;

  std::mutex exit_mutex_;
  std::condition_variable exited_;
  std::optional<int> exit_status_;
  std::thread waiter_;
};

struct RunResult {
  std::optional<int> exit_status; // nullopt: it did not finish in time and was killed
  std::string out;
  std::string err;
};

// Runs `program` to completion (killing it after `timeout`) and returns what it printed.
RunResult run_to_completion(const std::string& program, const std::vector<std::string>& args,
                            const ProcessOptions& options = {},
                            std::chrono::milliseconds timeout = std::chrono::seconds(20));

} // namespace agenthost::integration
