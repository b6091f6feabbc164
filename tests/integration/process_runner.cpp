#include "process_runner.hpp"

#include <Poco/Exception.h>

#include <csignal>
#include <sys/types.h>

namespace agenthost::integration {

PipeReader::PipeReader(Poco::Pipe pipe) : pipe_(std::move(pipe)), thread_([this] { read_until_end(); }) {}

PipeReader::~PipeReader() {
  if (thread_.joinable()) thread_.join();
}

void PipeReader::read_until_end() {
  char buffer[4096];
  for (;;) {
    int n = 0;
    try {
      n = pipe_.readBytes(buffer, sizeof buffer);
    } catch (const Poco::Exception&) {
      n = 0; // a read error ends the stream just like EOF: nothing more will arrive
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (n <= 0) {
      ended_ = true;
      changed_.notify_all();
      return;
    }
    text_.append(buffer, static_cast<std::size_t>(n));
    changed_.notify_all();
  }
}

std::string PipeReader::text() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return text_;
}

std::optional<std::string> PipeReader::find_line(const std::string& needle) const {
  std::size_t start = 0;
  for (std::size_t end = text_.find('\n'); end != std::string::npos; end = text_.find('\n', start)) {
    const std::string line = text_.substr(start, end - start);
    if (line.find(needle) != std::string::npos) return line;
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> PipeReader::wait_for_line(const std::string& needle,
                                                     std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  std::optional<std::string> line;
  changed_.wait_for(lock, timeout, [&] {
    line = find_line(needle);
    return line.has_value() || ended_;
  });
  return line;
}

void PipeReader::wait_for_end(std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return ended_; });
}

namespace {

Poco::ProcessHandle launch(const std::string& program, const std::vector<std::string>& args,
                           const ProcessOptions& options, Poco::Pipe& in, Poco::Pipe& out, Poco::Pipe& err) {
  const Poco::Process::Args poco_args(args.begin(), args.end());
  const Poco::Process::Env env(options.extra_env.begin(), options.extra_env.end());
  Poco::ProcessHandle handle = Poco::Process::launch(program, poco_args, options.working_dir, &in, &out, &err, env);
  // The child gets an empty stdin rather than the test runner's terminal.
  in.close(Poco::Pipe::CLOSE_WRITE);
  return handle;
}

} // namespace

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           const ProcessOptions& options)
    : handle_(launch(program, args, options, in_pipe_, out_pipe_, err_pipe_)), pid_(handle_.id()), out_(out_pipe_),
      err_(err_pipe_), waiter_([this, handle = handle_] {
        int status = -1;
        try {
          status = handle.wait();
        } catch (const Poco::Exception&) {
          status = -1; // waitpid failed: report "exited" with an impossible status, never hang
        }
        std::lock_guard<std::mutex> lock(exit_mutex_);
        exit_status_ = status;
        exited_.notify_all();
      }) {}

ChildProcess::~ChildProcess() { kill_and_reap(); }

void ChildProcess::kill_and_reap() {
  {
    // The waiter may reap the child between this check and kill(); the pid could then in
    // theory be reused within that instant, a risk a test helper can accept.
    std::lock_guard<std::mutex> lock(exit_mutex_);
    if (!exit_status_) ::kill(pid_, SIGKILL);
  }
  if (waiter_.joinable()) waiter_.join();
}

void ChildProcess::send_signal(int signal_number) const { ::kill(pid_, signal_number); }

std::optional<int> ChildProcess::wait_for_exit(std::chrono::milliseconds timeout) {
  std::optional<int> status;
  {
    std::unique_lock<std::mutex> lock(exit_mutex_);
    exited_.wait_for(lock, timeout, [&] { return exit_status_.has_value(); });
    status = exit_status_;
  }
  if (status) {
    // The child is gone, so both pipes reach EOF promptly; afterwards the texts are complete.
    out_.wait_for_end(std::chrono::seconds(5));
    err_.wait_for_end(std::chrono::seconds(5));
  }
  return status;
}

std::optional<std::string> ChildProcess::wait_for_stdout_line(const std::string& needle,
                                                              std::chrono::milliseconds timeout) const {
  return out_.wait_for_line(needle, timeout);
}

RunResult run_to_completion(const std::string& program, const std::vector<std::string>& args,
                            const ProcessOptions& options, std::chrono::milliseconds timeout) {
  ChildProcess child(program, args, options);
  RunResult result;
  result.exit_status = child.wait_for_exit(timeout);
  result.out = child.stdout_text();
  result.err = child.stderr_text();
  return result;
}

} // namespace agenthost::integration
