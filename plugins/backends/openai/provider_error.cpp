#include "provider_error.hpp"

#include "agenthost/json.hpp"

namespace openai_backend {

namespace json = agenthost::json;

namespace {

// Enough of an unparseable body (an HTML page from a proxy, say) to recognise it.
constexpr std::size_t kBodyExcerptBytes = 200;

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '*';
}

std::string string_or_empty(const json::Value& v) { return v.is_string() ? v.as_string() : std::string(); }

} // namespace

ah_status status_for_http(int http_status) {
  switch (http_status) {
  case 400: return AH_ERR_INVALID_ARGUMENT;
  case 401:
  case 403: return AH_ERR_PERMISSION;
  case 404: return AH_ERR_NOT_FOUND;
  case 408: return AH_ERR_TIMEOUT;
  case 413: return AH_ERR_TOO_LARGE;
  case 422: return AH_ERR_INVALID_ARGUMENT;
  case 429: return AH_ERR_RATE_LIMITED;
  default: break;
  }
  if (http_status == 409 || http_status >= 500) return AH_ERR_UNAVAILABLE;
  return AH_ERR_UPSTREAM;
}

std::string provider_message(std::string_view body) {
  try {
    const json::Value v = json::parse(body);
    const json::Value& error = v["error"];
    if (std::string m = string_or_empty(error["message"]); !m.empty()) return m;
    if (std::string m = string_or_empty(error); !m.empty()) return m;
    if (std::string m = string_or_empty(v["message"]); !m.empty()) return m;
    if (std::string m = string_or_empty(v["detail"]); !m.empty()) return m;
    if (v["detail"].is_array() || v["detail"].is_object()) return json::dump(v["detail"]); // FastAPI validation
  } catch (const json::ParseError&) {
    // Not JSON (a proxy's HTML page, plain text): quote the start below.
  }
  std::size_t start = body.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return "no error message in the response body";
  return agenthost::quote_for_message(body.substr(start), kBodyExcerptBytes);
}

std::string redact_secrets(std::string text, std::string_view api_key) {
  // Very short "keys" (a placeholder like "x" for a local server) would mangle ordinary words.
  if (api_key.size() >= 4) {
    for (std::size_t at = text.find(api_key); at != std::string::npos; at = text.find(api_key, at)) {
      text.replace(at, api_key.size(), "***");
      at += 3;
    }
  }
  for (std::size_t at = text.find("sk-"); at != std::string::npos; at = text.find("sk-", at + 3)) {
    if (at > 0 && is_key_char(text[at - 1])) continue; // inside a word, e.g. "task-1"
    std::size_t end = at + 3;
    while (end < text.size() && is_key_char(text[end])) ++end;
    if (end - at > 3) text.replace(at, end - at, "sk-***");
  }
  return text;
}

agenthost::CallError http_error(int http_status, std::string_view body, std::string_view url, std::string_view api_key) {
  const std::string message = provider_message(body) + " (HTTP " + std::to_string(http_status) + " from " +
                              agenthost::url_origin(url) + ")";
  return agenthost::CallError(status_for_http(http_status), redact_secrets(message, api_key));
}

} // namespace openai_backend
