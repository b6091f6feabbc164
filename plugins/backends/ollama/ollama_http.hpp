// HTTP exchanges with an Ollama server through the host. What went wrong (an HTTP error status,
// an error line, a malformed or truncated stream) becomes a CallError carrying Ollama's own
// words (the SDK's http_errors.hpp). No retries and no deadlines here: the host does both.
#pragma once

#include "agenthost/sdk_types.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace ollama {

struct Endpoint {
  std::string base_url; // without a trailing slash
  std::string api_key;  // sent as a Bearer token when not empty; never in messages
};

// POSTs `body` to base_url + path and streams a 2xx response, as it arrives, into `feed`, then
// calls `finish`; both throw CallError for protocol problems. An error status throws CallError
// with Ollama's error text (its body is read only up to the SDK's cap).
void stream_exchange(const agenthost::HostServices& host, agenthost::Call& call, const Endpoint& endpoint,
                     std::string_view path, const std::string& body,
                     const std::function<void(std::string_view chunk)>& feed, const std::function<void()>& finish);

// Sends `method` base_url + path (with a JSON `body` when not empty) and returns the parsed JSON
// answer, throwing CallError like stream_exchange.
agenthost::json::Value exchange_json(const agenthost::HostServices& host, agenthost::Call& call,
                                     const Endpoint& endpoint, std::string method, std::string_view path,
                                     const std::string& body = {});

} // namespace ollama
