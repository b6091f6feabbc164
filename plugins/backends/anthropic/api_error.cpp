#include "api_error.hpp"

#include "agenthost/http_errors.hpp"

#include <string>
#include <utility>

namespace anthropic {

using agenthost::CallError;

ah_status status_for_error_type(std::string_view error_type) {
  if (error_type == "overloaded_error" || error_type == "api_error") return AH_ERR_UNAVAILABLE;
  if (error_type == "rate_limit_error") return AH_ERR_RATE_LIMITED;
  if (error_type == "invalid_request_error") return AH_ERR_INVALID_ARGUMENT;
  if (error_type == "authentication_error" || error_type == "permission_error") return AH_ERR_PERMISSION;
  if (error_type == "not_found_error") return AH_ERR_NOT_FOUND;
  if (error_type == "request_too_large") return AH_ERR_TOO_LARGE;
  if (error_type == "timeout_error") return AH_ERR_TIMEOUT;
  return AH_ERR_UPSTREAM;
}

CallError stream_error(std::string_view data, std::string_view api_key) {
  const agenthost::ProviderError e = agenthost::read_provider_error(data);
  if (e.type.empty() && e.message.empty()) {
    return CallError::upstream(agenthost::redact_secret(
        "Anthropic sent an error event mid-stream that could not be read: " + agenthost::body_excerpt(data, 300), api_key));
  }
  std::string message = "Anthropic stream error";
  if (!e.type.empty()) message += " " + e.type;
  message += ": " + (e.message.empty() ? std::string("(no message)") : e.message);
  message += agenthost::http_error_hint(0, e.type);
  return CallError(status_for_error_type(e.type), agenthost::redact_secret(std::move(message), api_key));
}

} // namespace anthropic
