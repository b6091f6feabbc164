// The agenthost binary as a child process: one-shot verbs (`--version`, `config check`, ...)
// and `serve`, whose readiness is the line it prints with the port it listens on (so the tests
// can ask for port 0 and never race for a free port).
#pragma once

#include "process_runner.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace agenthost::integration {

// Runs `agenthost ARGS...` to completion (bounded).
RunResult run_agenthost(const std::vector<std::string>& args, const ProcessOptions& options = {});

// Exit status, stdout and stderr, for assertion messages.
std::string describe(const RunResult& result);

// Starts `agenthost serve ARGS...`.
std::unique_ptr<ChildProcess> start_serve(const std::vector<std::string>& args, const ProcessOptions& options = {});

// Waits (bounded) for "agenthost listening on http://HOST:PORT" on stdout and returns PORT, or
// nullopt when the host exited or stayed silent.
std::optional<int> wait_until_listening(const ChildProcess& host,
                                        std::chrono::milliseconds timeout = std::chrono::seconds(15));

inline const char* const listening_marker = "agenthost listening on http://";

} // namespace agenthost::integration
