// Turns an OpenAI-compatible server's HTTP error answer into a CallError: the status class the
// host's fault layer understands, and the provider's own error text, never the API key.
#pragma once

#include "agenthost/sdk_types.hpp"

#include <string>
#include <string_view>

namespace openai_backend {

// The ah_status matching an HTTP status (401/403 permission, 404 not found, 429 rate limited,
// 5xx unavailable, ...).
ah_status status_for_http(int http_status);

// The provider's message from an error body: {"error":{"message":...}} (OpenAI, vLLM, llama.cpp),
// {"error":"..."}, {"message":...} or {"detail":...}; otherwise the start of the body as text.
std::string provider_message(std::string_view body);

// Removes secrets from text that is about to leave the plugin: every occurrence of `api_key`
// and anything shaped like an OpenAI key ("sk-..."), which OpenAI echoes, partly masked, in
// its 401 message.
std::string redact_secrets(std::string text, std::string_view api_key);

// "<provider message> (HTTP <status> from <origin>)" with the matching status.
agenthost::CallError http_error(int http_status, std::string_view body, std::string_view url, std::string_view api_key);

} // namespace openai_backend
