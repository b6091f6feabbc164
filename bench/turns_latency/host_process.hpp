// `agenthost serve` on a scratch directory for bench_turns_latency: started once, one
// conversation, and one timed turn per run() read over the conversation's SSE stream.
#pragma once

#include <Poco/Pipe.h>
#include <Poco/Process.h>

#include <memory>
#include <string>

namespace bench {

struct TurnSample {
  double first_token_ms = 0;   // POST sent → first message.delta read
  double cpu_us_per_token = 0; // the host process's CPU during the turn / tokens
};

class HostProcess {
public:
  HostProcess(const std::string& binary, int token_delay_ms);
  ~HostProcess(); // SIGTERM, wait, remove the scratch directory

  // Posts `content` (echoed back by the scripted backend word by word) and reads the turn.
  TurnSample run(const std::string& content, int tokens);

private:
  double host_cpu_seconds() const;

  std::string dir_;
  std::unique_ptr<Poco::Pipe> out_;
  std::unique_ptr<Poco::ProcessHandle> process_;
  int port_ = 0;
  std::string token_;
  std::string conversation_;
};

} // namespace bench
