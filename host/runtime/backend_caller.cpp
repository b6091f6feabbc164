#include "runtime/backend_caller.hpp"

#include "runtime/attempt_sink.hpp"

#include <agenthost/json.hpp>

#include <algorithm>
#include <random>
#include <thread>
#include <utility>

namespace agenthost::runtime {
namespace {

std::optional<UpstreamFacts> upstream_of(const plugins::CallSink& sink) {
  const std::optional<plugins::UpstreamOutcome> outcome = sink.upstream_outcome();
  if (!outcome) return std::nullopt;
  return UpstreamFacts{outcome->connection_error, outcome->error,          outcome->status,
                       outcome->retry_after,      outcome->retry_after_ms, outcome->body_started};
}

std::string seconds_text(std::chrono::milliseconds duration) {
  if (duration.count() % 1000 == 0) return std::to_string(duration.count() / 1000) + " s";
  return std::to_string(duration.count()) + " ms";
}

std::string deadline_message(const std::string& backend, DeadlineMissed missed, const BackendPolicy& policy) {
  const std::string name = "backend '" + backend + "'";
  switch (missed) {
  case DeadlineMissed::first_token:
    return name + " sent no output within " + seconds_text(policy.first_token_timeout) +
           " (first_token_timeout_ms of [backend." + backend + "]) and the call was stopped";
  case DeadlineMissed::token_gap:
    return name + " went silent for " + seconds_text(policy.token_gap_timeout) +
           " in the middle of its response (token_gap_timeout_ms of [backend." + backend +
           "]) and the call was stopped";
  case DeadlineMissed::response:
    return name + " did not finish its response within " + seconds_text(policy.response_timeout) +
           " (response_timeout_ms of [backend." + backend + "]) and the call was stopped";
  case DeadlineMissed::none: break;
  }
  return name + " failed";
}

void sliced_wait(std::chrono::milliseconds wait, const plugins::CallSink& output) {
  const auto until = std::chrono::steady_clock::now() + wait;
  while (!output.cancelled()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(until - now, std::chrono::milliseconds(50)));
  }
}

double random_fraction() {
  thread_local std::mt19937 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

BackendCallResult cancelled_result(const std::string& backend, bool output_emitted) {
  return BackendCallResult{AH_ERR_CANCELLED, "cancelled", "the call to backend '" + backend + "' was cancelled",
                           backend, output_emitted};
}

} // namespace

BackendPolicy backend_policy_of(const config::BackendHostSettings& settings) {
  BackendPolicy policy;
  policy.retries = settings.retries;
  policy.retry_max_wait = std::chrono::milliseconds(settings.retry_max_wait_ms);
  policy.first_token_timeout = std::chrono::milliseconds(settings.first_token_timeout_ms);
  policy.token_gap_timeout = std::chrono::milliseconds(settings.token_gap_timeout_ms);
  policy.response_timeout = std::chrono::milliseconds(settings.response_timeout_ms);
  policy.fallback = settings.fallback;
  policy.char_ratio = settings.char_ratio;
  policy.model_char_ratios = settings.model_char_ratios;
  if (settings.context_window) policy.context_window = *settings.context_window;
  for (const auto& [model, window] : settings.model_context_windows) policy.model_context_windows[model] = window;
  policy.safety_margin = settings.safety_margin;
  return policy;
}

std::uint32_t InstanceChatBackend::capabilities() const {
  if (const auto* api = std::get_if<ah_backend_api>(&instance_.component().api)) return api->capabilities;
  return 0;
}

BackendCaller::BackendCaller(Find find, Policies policies, BackendCallHooks hooks)
    : find_(std::move(find)), policies_(std::move(policies)), hooks_(std::move(hooks)) {
  if (!hooks_.wait) hooks_.wait = sliced_wait;
  if (!hooks_.random) hooks_.random = random_fraction;
}

BackendCallResult BackendCaller::chat(ChatBackend& backend, plugins::CallSink& output, ChatRequest request) {
  BackendCallResult primary = with_retries(backend, output, adapted(backend, request));
  if (primary.status == AH_OK || primary.output_emitted || output.cancelled()) return primary;
  const std::string fallback_name = policies_(backend.name()).fallback;
  if (fallback_name.empty()) return primary;
  ChatBackend* fallback = find_ ? find_(fallback_name) : nullptr;
  if (fallback == nullptr) {
    primary.error += "; its fallback backend '" + fallback_name + "' is not available";
    return primary;
  }
  if (hooks_.on_fallback) hooks_.on_fallback(backend.name(), fallback->name(), primary.error);
  BackendCallResult second = with_retries(*fallback, output, adapted(*fallback, std::move(request)));
  if (second.status != AH_OK && second.status != AH_ERR_CANCELLED) {
    second.error = primary.error + "; then its fallback failed too: " + second.error;
  }
  return second;
}

ChatRequest BackendCaller::adapted(const ChatBackend& backend, ChatRequest request) {
  if (!request.tools.empty() && (backend.capabilities() & AH_BACKEND_TOOLS) == 0) {
    if (hooks_.on_warning) {
      hooks_.on_warning("backend '" + backend.name() + "' cannot take tools; this reply is generated without the " +
                        std::to_string(request.tools.size()) +
                        " tool(s) the agent has. Use a backend with tool support to let the model call them");
    }
    request.tools.clear();
  }
  return request;
}

std::chrono::milliseconds BackendCaller::backoff(const BackendPolicy& policy, int retry) const {
  // base * 2^retry, scaled by a random factor in [0.5, 1): spreads out hosts retrying together.
  const double exponential = static_cast<double>(policy.retry_base.count()) * static_cast<double>(1LL << std::min(retry, 20));
  const double jittered = exponential * (0.5 + hooks_.random() / 2.0);
  return std::min(policy.retry_max_wait, std::chrono::milliseconds(static_cast<long long>(jittered)));
}

BackendCallResult BackendCaller::with_retries(ChatBackend& backend, plugins::CallSink& output,
                                              const ChatRequest& request) {
  const BackendPolicy policy = policies_(backend.name());
  const std::string request_json = json::dump(request.to_json());
  const AttemptDeadlines deadlines{policy.first_token_timeout, policy.token_gap_timeout, policy.response_timeout};
  for (int attempt = 0;; ++attempt) {
    AttemptSink sink(output, deadlines);
    const ah_status status = backend.chat(sink, request_json);
    sink.finish();
    const bool emitted = sink.output_emitted();
    if (output.cancelled()) return cancelled_result(backend.name(), emitted);
    const DeadlineMissed missed = sink.missed();
    if (status == AH_OK && missed == DeadlineMissed::none) return BackendCallResult{AH_OK, "", "", backend.name(), emitted};

    AttemptFailure failure;
    std::string error_type = "backend_error";
    if (missed != DeadlineMissed::none) {
      failure.retryable = true;
      failure.message = deadline_message(backend.name(), missed, policy);
      error_type = "backend_timeout";
    } else {
      failure = classify_failure(backend.name(), request.model, upstream_of(sink), status, sink.error_message(),
                                 std::chrono::system_clock::now());
    }
    const ah_status result_status = status == AH_OK ? AH_ERR_TIMEOUT : status;
    if (emitted) {
      // Output already reached the user: a retry would repeat or contradict it.
      return BackendCallResult{result_status, error_type, failure.message + " (after part of the reply was sent)",
                               backend.name(), true};
    }
    if (!failure.retryable) return BackendCallResult{result_status, error_type, failure.message, backend.name(), false};
    if (failure.requested_wait && *failure.requested_wait > policy.retry_max_wait) {
      return BackendCallResult{result_status, error_type,
                               "backend '" + backend.name() + "' asked to retry after " +
                                   seconds_text(std::chrono::ceil<std::chrono::seconds>(*failure.requested_wait)) +
                                   ", more than retry_max_wait_ms (" + std::to_string(policy.retry_max_wait.count()) +
                                   " ms of [backend." + backend.name() + "]): " + failure.message,
                               backend.name(), false};
    }
    if (attempt >= policy.retries) {
      const std::string tries = attempt == 0 ? "" : " (" + std::to_string(attempt + 1) + " attempts)";
      return BackendCallResult{result_status, error_type, failure.message + tries, backend.name(), false};
    }
    hooks_.wait(failure.requested_wait ? *failure.requested_wait : backoff(policy, attempt), output);
    if (output.cancelled()) return cancelled_result(backend.name(), false);
  }
}

ChatBackend* InstanceChatBackends::find(const std::string& name) {
  plugins::Instance* instance = directory_.find(plugins::ComponentKind::backend, name);
  return instance == nullptr ? nullptr : &of(*instance);
}

ChatBackend& InstanceChatBackends::of(plugins::Instance& instance) {
  std::unique_ptr<InstanceChatBackend>& adapter = adapters_[instance.name()];
  if (!adapter) adapter = std::make_unique<InstanceChatBackend>(instance);
  return *adapter;
}

} // namespace agenthost::runtime
