// provider_fake: serves the default scenario (text + one tool call + usage) for all three
// providers until SIGINT/SIGTERM. Prints "listening on PORT" once ready (port 0 = any free port).
#include "provider_fake.hpp"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) != "--port") {
    std::cerr << "usage: provider_fake [--port N]   (the fake always binds 127.0.0.1; N=0 picks a free port)\n";
    return 2;
  }
  const int port = argc > 2 ? std::atoi(argv[2]) : 0;
  if (port < 0 || port > 65535) {
    std::cerr << "provider_fake: --port must be 0..65535, got " << argv[2] << "\n";
    return 2;
  }
  // Block the stop signals before the server starts its threads, so only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  agenthost::fakes::ProviderFake fake(static_cast<std::uint16_t>(port));
  std::cout << "listening on " << fake.port() << std::endl;
  int received = 0;
  sigwait(&stop_signals, &received);
  std::cout << "stopping after " << fake.request_count() << " requests" << std::endl;
  return 0;
}
