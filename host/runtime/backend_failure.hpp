// What one failed backend attempt means for the fault layer: may it be retried, how long did the
// provider ask us to wait, and the message a user reads. Decided from the last HTTP exchange the
// host made for the call (its UpstreamOutcome) when there was one, else from the plugin's status.
#pragma once

#include "agenthost/plugin.h"

#include <chrono>
#include <optional>
#include <string>

namespace agenthost::runtime {

// The facts of the call's last HTTP exchange (a copy of plugins::UpstreamOutcome, so the rules
// below stay testable without a plugin).
struct UpstreamFacts {
  bool connection_error = false;
  std::string error; // the connection error's text
  int status = 0;    // HTTP status; 0 when no response arrived
  std::optional<std::string> retry_after;
  std::optional<std::string> retry_after_ms;
  bool body_started = false;
};

struct AttemptFailure {
  bool retryable = false;
  std::optional<std::chrono::milliseconds> requested_wait; // from retry-after(-ms)
  std::string message; // complete, names the backend; never contains a credential
};

// `plugin_message`: what the plugin set_error'd (the provider's own error text); `model`: the
// requested model, for "not found" messages.
AttemptFailure classify_failure(const std::string& backend, const std::string& model,
                                const std::optional<UpstreamFacts>& upstream, ah_status status,
                                const std::string& plugin_message, std::chrono::system_clock::time_point now);

// HTTP statuses worth another attempt: 408, 409, 429, 5xx (including Anthropic's 529).
bool is_retryable_http_status(int status);

} // namespace agenthost::runtime
