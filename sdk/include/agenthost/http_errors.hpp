// agenthost SDK: turning a provider's HTTP error answer into a CallError — the status class the
// host understands, the provider's own words, a hint an operator can act on, and never a secret.
// Shared by every backend plugin; the host's fault layer (retries, fallback) reads the HTTP
// status itself, so these statuses matter for plugins called without it and for messages.
//
//   if (response.status / 100 != 2)
//     throw agenthost::http_status_error("Ollama", response.status, response.body, request.url, api_key);
#pragma once

#include "agenthost/json.hpp"
#include "agenthost/sdk_types.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace agenthost {

// The ah_status for an HTTP error status: 400/422 invalid argument, 401/403 permission, 404 not
// found, 408/504 timeout, 413 too large, 429 rate limited, 409 and other 5xx (Anthropic's 529
// included) unavailable, anything else upstream.
inline ah_status status_for_http(int http_status) {
  switch (http_status) {
  case 400:
  case 422: return AH_ERR_INVALID_ARGUMENT;
  case 401:
  case 403: return AH_ERR_PERMISSION;
  case 404: return AH_ERR_NOT_FOUND;
  case 408:
  case 504: return AH_ERR_TIMEOUT;
  case 413: return AH_ERR_TOO_LARGE;
  case 429: return AH_ERR_RATE_LIMITED;
  default: break;
  }
  if (http_status == 409 || (http_status >= 500 && http_status <= 599)) return AH_ERR_UNAVAILABLE;
  return AH_ERR_UPSTREAM;
}

// What a provider said in an error body or an error event.
struct ProviderError {
  std::string type;    // e.g. "overloaded_error", "invalid_request_error"; "" when not given
  std::string message; // "" when the body says nothing readable
};

// Reads the shapes providers use: {"error":{"type","message"}} (OpenAI, Anthropic, vLLM,
// llama.cpp), {"type":"error","error":{...}}, {"error":"..."} (Ollama), {"message":"..."},
// {"detail":"..." | [...]} (FastAPI servers). Empty fields when the body is none of these.
inline ProviderError read_provider_error(std::string_view body) {
  ProviderError out;
  json::Value v;
  try {
    v = json::parse(body);
  } catch (const json::ParseError&) {
    return out;
  }
  if (!v.is_object()) return out;
  auto string_at = [](const json::Value* value) { return value && value->is_string() ? value->as_string() : std::string(); };
  if (const json::Value* error = v.find("error"); error && error->is_object()) {
    out.type = string_at(error->find("type"));
    out.message = string_at(error->find("message"));
  } else if (error && error->is_string()) {
    out.message = error->as_string();
  }
  if (out.message.empty()) out.message = string_at(v.find("message"));
  if (const json::Value* detail = v.find("detail"); out.message.empty() && detail) {
    out.message = detail->is_string() ? detail->as_string()
                                      : (detail->is_array() || detail->is_object() ? json::dump(*detail) : "");
  }
  return out;
}

// The start of a body, trimmed and quoted, for a message about a body that is no JSON error (a
// proxy's HTML page); "" for an empty or all-blank body.
inline std::string body_excerpt(std::string_view body, std::size_t max_bytes = 200) {
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  body.remove_prefix(first);
  body = body.substr(0, body.find_last_not_of(" \t\r\n") + 1);
  return quote_for_message(body, max_bytes);
}

// `text` with the key, and anything shaped like a provider key ("sk-...", as OpenAI echoes a
// rejected key partly masked), replaced by "***". Keys shorter than 4 characters (placeholders
// like "x" for local servers) are left alone: replacing them would mangle ordinary words.
inline std::string redact_secret(std::string text, std::string_view api_key) {
  if (api_key.size() >= 4) {
    for (std::size_t at = text.find(api_key); at != std::string::npos; at = text.find(api_key, at + 3))
      text.replace(at, api_key.size(), "***");
  }
  auto is_key_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '*';
  };
  for (std::size_t at = text.find("sk-"); at != std::string::npos; at = text.find("sk-", at + 3)) {
    if (at > 0 && is_key_char(text[at - 1])) continue; // inside a word, e.g. "task-1"
    std::size_t end = at + 3;
    while (end < text.size() && is_key_char(text[end])) ++end;
    if (end - at > 3 && text.compare(at, end - at, "sk-***") != 0) text.replace(at, end - at, "sk-***");
  }
  return text;
}

// Advice an operator can act on, by status or provider error type ("" when there is none).
inline std::string http_error_hint(int http_status, std::string_view error_type) {
  if (error_type == "overloaded_error" || http_status == 529 || http_status == 503)
    return " (the provider is overloaded; this is temporary and retrying later may succeed)";
  if (error_type == "rate_limit_error" || http_status == 429) return " (rate limited; retrying after a pause may succeed)";
  if (error_type == "authentication_error" || http_status == 401)
    return " (check the backend's api_key: the server or a proxy in front of it refused it)";
  if (error_type == "permission_error" || http_status == 403)
    return " (check the backend's api_key: it may not use this model or feature)";
  if (error_type == "not_found_error" || http_status == 404)
    return " (check the agent's model name (pull it first where the server supports that) and the backend's base_url)";
  return {};
}

// "<provider> at <origin> answered HTTP <status>[ <type>]: <provider's message or body excerpt>
// (<hint>)" with status_for_http's status, secrets redacted. `url` is reduced to its origin.
inline CallError http_status_error(std::string_view provider, int http_status, std::string_view body,
                                   std::string_view url, std::string_view api_key) {
  const ProviderError e = read_provider_error(body);
  std::string message = std::string(provider) + " at " + url_origin(url) + " answered HTTP " + std::to_string(http_status);
  if (!e.type.empty()) message += " " + e.type;
  if (!e.message.empty()) message += ": " + e.message;
  else if (const std::string excerpt = body_excerpt(body); !excerpt.empty()) message += ": " + excerpt;
  else message += " with an empty body";
  message += http_error_hint(http_status, e.type);
  return CallError(status_for_http(http_status), redact_secret(std::move(message), api_key));
}

} // namespace agenthost
