// Waiting for SIGINT/SIGTERM without a signal handler.
//
// The signals are blocked in every thread (block_termination_signals() must run before any
// thread is started, so new threads inherit the mask) and taken synchronously with sigwait,
// so no code runs in signal context and shutdown happens on an ordinary thread.
#pragma once

namespace agenthost::app {

void block_termination_signals();

// Blocks until SIGINT or SIGTERM arrives; returns the signal number.
int wait_for_termination_signal();

} // namespace agenthost::app
