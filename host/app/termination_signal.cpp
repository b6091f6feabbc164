#include "app/termination_signal.hpp"

#include <csignal>
#include <pthread.h>

namespace agenthost::app {
namespace {

sigset_t termination_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

} // namespace

void block_termination_signals() {
  const sigset_t set = termination_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A client that disconnects mid-response must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
}

int wait_for_termination_signal() {
  const sigset_t set = termination_set();
  int signal_number = 0;
  while (sigwait(&set, &signal_number) != 0) {
  }
  return signal_number;
}

} // namespace agenthost::app
