#include "runtime/backend_failure.hpp"

#include "plugins/call_status.hpp"
#include "runtime/retry_after.hpp"

namespace agenthost::runtime {
namespace {

std::string with_detail(std::string message, const std::string& detail) {
  if (!detail.empty()) message += ": " + detail;
  return message;
}

std::string quoted(const std::string& name) { return "'" + name + "'"; }

AttemptFailure fatal(std::string message) { return AttemptFailure{false, std::nullopt, std::move(message)}; }

AttemptFailure by_http_status(const std::string& backend, const std::string& model, const UpstreamFacts& upstream,
                              const std::string& detail, std::chrono::system_clock::time_point now) {
  const int status = upstream.status;
  const std::string http = " (HTTP " + std::to_string(status) + ")";
  switch (status) {
  case 401:
  case 403:
    return fatal(with_detail("API key missing or rejected for backend " + quoted(backend) + http +
                                 "; check the api_key of [backend." + backend + "]",
                             detail));
  case 404:
    return fatal(with_detail("model " + quoted(model) + " not found on backend " + quoted(backend) + http +
                                 "; check the agent's model (or pull it)",
                             detail));
  case 413:
    return fatal(with_detail("backend " + quoted(backend) + " refused the request as too large" + http, detail));
  default: break;
  }
  if (is_retryable_http_status(status)) {
    AttemptFailure failure;
    failure.retryable = true;
    failure.requested_wait = requested_retry_wait(upstream.retry_after_ms, upstream.retry_after, now);
    failure.message = with_detail("backend " + quoted(backend) + " answered" + http, detail);
    return failure;
  }
  return fatal(with_detail("backend " + quoted(backend) + " rejected the request" + http, detail));
}

AttemptFailure by_plugin_status(const std::string& backend, const std::string& model, ah_status status,
                                const std::string& detail) {
  switch (status) {
  case AH_ERR_PERMISSION:
    return fatal(with_detail("API key missing or rejected for backend " + quoted(backend) +
                                 "; check the api_key of [backend." + backend + "]",
                             detail));
  case AH_ERR_NOT_FOUND:
    return fatal(with_detail("model " + quoted(model) + " not found on backend " + quoted(backend), detail));
  case AH_ERR_UNAVAILABLE:
  case AH_ERR_RATE_LIMITED:
  case AH_ERR_TIMEOUT:
    return AttemptFailure{true, std::nullopt,
                          with_detail("backend " + quoted(backend) + " failed (" + plugins::status_name(status) + ")",
                                      detail)};
  default:
    return fatal(with_detail("backend " + quoted(backend) + " failed (" + plugins::status_name(status) + ")",
                             detail.empty() ? "no reason given" : detail));
  }
}

} // namespace

bool is_retryable_http_status(int status) {
  return status == 408 || status == 409 || status == 429 || (status >= 500 && status <= 599);
}

AttemptFailure classify_failure(const std::string& backend, const std::string& model,
                                const std::optional<UpstreamFacts>& upstream, ah_status status,
                                const std::string& plugin_message, std::chrono::system_clock::time_point now) {
  if (upstream && upstream->connection_error) {
    const std::string& detail = upstream->error.empty() ? plugin_message : upstream->error;
    return AttemptFailure{true, std::nullopt, with_detail("could not reach backend " + quoted(backend), detail)};
  }
  if (upstream && upstream->status >= 400) return by_http_status(backend, model, *upstream, plugin_message, now);
  return by_plugin_status(backend, model, status, plugin_message);
}

} // namespace agenthost::runtime
