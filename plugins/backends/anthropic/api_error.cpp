#include "api_error.hpp"

#include "agenthost/json.hpp"

#include <utility>

namespace anthropic {

namespace json = agenthost::json;
using agenthost::CallError;

namespace {

constexpr std::size_t kMaxQuotedBody = 300;

struct ProviderError {
  std::string type;
  std::string message;
};

// Reads {"type":"error","error":{"type":...,"message":...}}; empty fields when the text is not that.
ProviderError read_error_body(std::string_view body) {
  try {
    const json::Value v = json::parse(body);
    const json::Value* error = v.is_object() ? v.find("error") : nullptr;
    if (!error || !error->is_object()) return {};
    return {error->get_or<std::string>("type", ""), error->get_or<std::string>("message", "")};
  } catch (const std::exception&) {
    return {};
  }
}

std::string trimmed_snippet(std::string_view body) {
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  body.remove_prefix(first);
  body = body.substr(0, body.find_last_not_of(" \t\r\n") + 1);
  return agenthost::quote_for_message(body, kMaxQuotedBody);
}

// Advice for the failures an operator can act on; the host's fault layer adds its own words.
std::string hint_for(int http_status, std::string_view error_type) {
  if (error_type == "overloaded_error" || http_status == 529)
    return " (the API is overloaded; this is temporary and retrying later may succeed)";
  if (error_type == "rate_limit_error" || http_status == 429)
    return " (rate limited; retrying after a pause may succeed)";
  if (error_type == "authentication_error" || http_status == 401)
    return " (check the backend's api_key setting)";
  if (error_type == "permission_error" || http_status == 403)
    return " (the API key may not use this model or feature)";
  if (error_type == "not_found_error" || http_status == 404)
    return " (check the agent's model name and the backend's base_url)";
  return {};
}

} // namespace

ah_status status_for_http(int http_status) {
  switch (http_status) {
  case 400: return AH_ERR_INVALID_ARGUMENT;
  case 401:
  case 403: return AH_ERR_PERMISSION;
  case 404: return AH_ERR_NOT_FOUND;
  case 408:
  case 504: return AH_ERR_TIMEOUT;
  case 413: return AH_ERR_TOO_LARGE;
  case 429: return AH_ERR_RATE_LIMITED;
  case 500:
  case 502:
  case 503:
  case 529: return AH_ERR_UNAVAILABLE;
  default: return AH_ERR_UPSTREAM;
  }
}

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

CallError http_error(int http_status, std::string_view body, std::string_view api_key) {
  const ProviderError e = read_error_body(body);
  std::string message = "Anthropic API answered HTTP " + std::to_string(http_status);
  if (!e.type.empty()) message += " " + e.type;
  if (!e.message.empty()) message += ": " + e.message;
  else if (const std::string snippet = trimmed_snippet(body); !snippet.empty()) message += ": " + snippet;
  message += hint_for(http_status, e.type);
  return CallError(status_for_http(http_status), without_key(std::move(message), api_key));
}

CallError stream_error(std::string_view data, std::string_view api_key) {
  ProviderError e = read_error_body(data);
  if (e.type.empty() && e.message.empty()) {
    return CallError::upstream(
        without_key("Anthropic sent an error event mid-stream that could not be read: " + trimmed_snippet(data), api_key));
  }
  std::string message = "Anthropic stream error";
  if (!e.type.empty()) message += " " + e.type;
  message += ": " + (e.message.empty() ? std::string("(no message)") : e.message);
  message += hint_for(0, e.type);
  return CallError(status_for_error_type(e.type), without_key(std::move(message), api_key));
}

std::string without_key(std::string text, std::string_view api_key) {
  if (api_key.empty()) return text;
  for (std::size_t at = text.find(api_key); at != std::string::npos; at = text.find(api_key, at + 3))
    text.replace(at, api_key.size(), "***");
  return text;
}

} // namespace anthropic
