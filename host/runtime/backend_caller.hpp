// The host's fault layer around a backend chat call, shared by every backend plugin (plugins
// neither retry nor time out on their own):
// - before any output: retries connection errors, 408, 409, 429, 5xx and 529 with exponential
//   backoff and jitter, honouring retry-after-ms / Retry-After up to retry_max_wait_ms (a longer
//   requested wait fails at once, saying so); 400, 401, 403, 404 and 413 fail at once;
// - after output: never retries (the partial reply must not be repeated); the call fails with
//   the provider's error text;
// - three deadlines per backend instance, enforced by cancelling the attempt;
// - `fallback`: when the primary fails before its first token, the same request goes to the
//   fallback backend, and the caller is told (turn.fallback);
// - capabilities: tools are dropped, with a warning, for a backend that cannot take them.
#pragma once

#include "config/config.hpp"
#include "plugins/call_sink.hpp"
#include "plugins/instance.hpp"
#include "runtime/backend_failure.hpp"

#include <agenthost/chat.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace agenthost::runtime {

// A backend instance's host-level settings ([backend.NAME] retries, retry_max_wait_ms,
// first_token_timeout_ms, token_gap_timeout_ms, response_timeout_ms, fallback).
struct BackendPolicy {
  int retries = 2;
  std::chrono::milliseconds retry_base{500};
  std::chrono::milliseconds retry_max_wait{30000};
  std::chrono::milliseconds first_token_timeout{120000}; // 0 = none
  std::chrono::milliseconds token_gap_timeout{60000};    // 0 = none
  std::chrono::milliseconds response_timeout{600000};    // 0 = none
  std::string fallback;                                  // empty = none
  // Token estimation and context windows (the context filter, host/runtime/context_*.hpp).
  double char_ratio = 4.0;                                // characters per token
  std::map<std::string, double> model_char_ratios;        // exact model name -> ratio
  std::optional<std::int64_t> context_window;             // overrides describe()
  std::map<std::string, std::int64_t> model_context_windows;
  double safety_margin = 0.1;
};

// The policy of a backend from its [backend.NAME] host settings.
BackendPolicy backend_policy_of(const config::BackendHostSettings& settings);

// What the fault layer needs of a backend: an Instance in production, a fake in tests.
class ChatBackend {
public:
  virtual ~ChatBackend() = default;
  virtual const std::string& name() const = 0;
  virtual std::uint32_t capabilities() const = 0; // AH_BACKEND_*
  // As Instance::chat; the host's HTTP service records the last exchange on `sink`.
  virtual ah_status chat(plugins::CallSink& sink, std::string_view request_json) = 0;
};

class InstanceChatBackend : public ChatBackend {
public:
  explicit InstanceChatBackend(plugins::Instance& instance) : instance_(instance) {}
  const std::string& name() const override { return instance_.name(); }
  std::uint32_t capabilities() const override;
  ah_status chat(plugins::CallSink& sink, std::string_view request_json) override {
    return instance_.chat(sink, request_json);
  }

private:
  plugins::Instance& instance_;
};

struct BackendCallResult {
  ah_status status = AH_OK;
  std::string error_type; // "backend_error" or "backend_timeout" when status is not AH_OK
  std::string error;      // complete message, names the backend, never a credential
  std::string served_by;  // the backend that made the (last) attempt
  bool output_emitted = false;
};

struct BackendCallHooks {
  std::function<void(const std::string& from, const std::string& to, const std::string& reason)> on_fallback;
  std::function<void(const std::string& message)> on_warning;
  // Waits before a retry; returns early when the call is cancelled. Default: a sliced sleep.
  std::function<void(std::chrono::milliseconds wait, const plugins::CallSink& output)> wait;
  // A number in [0, 1) for the jitter. Default: uniformly random.
  std::function<double()> random;
};

class BackendCaller {
public:
  using Find = std::function<ChatBackend*(const std::string& name)>;
  using Policies = std::function<BackendPolicy(const std::string& name)>;

  BackendCaller(Find find, Policies policies, BackendCallHooks hooks);

  // Streams `request` from `backend` (or its fallback) into `output`. Cancelling `output` ends
  // the call (status AH_ERR_CANCELLED, no fallback).
  BackendCallResult chat(ChatBackend& backend, plugins::CallSink& output, ChatRequest request);

private:
  BackendCallResult with_retries(ChatBackend& backend, plugins::CallSink& output, const ChatRequest& request);
  ChatRequest adapted(const ChatBackend& backend, ChatRequest request);
  std::chrono::milliseconds backoff(const BackendPolicy& policy, int retry) const;

  Find find_;
  Policies policies_;
  BackendCallHooks hooks_;
};

// The BackendCaller::Find of an InstanceDirectory: adapters made on first use, kept per name.
class InstanceChatBackends {
public:
  explicit InstanceChatBackends(const plugins::InstanceDirectory& directory) : directory_(directory) {}
  ChatBackend* find(const std::string& name);
  ChatBackend& of(plugins::Instance& instance);

private:
  const plugins::InstanceDirectory& directory_;
  std::map<std::string, std::unique_ptr<InstanceChatBackend>> adapters_;
};

} // namespace agenthost::runtime
