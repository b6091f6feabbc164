// HTTP exchanges with an Ollama server through the host, and the one place that turns what
// went wrong (an HTTP error status, an error line, a malformed or truncated stream) into a
// CallError carrying Ollama's own words. No retries and no deadlines here: the host does both.
#pragma once

#include "agenthost/sdk_types.hpp"

#include <string>
#include <string_view>

namespace ollama {

// Consumes a streamed body: feed() per chunk as it arrives, finish() when it has ended.
// Both throw StreamError for protocol problems.
class BodyConsumer {
public:
  virtual ~BodyConsumer() = default;
  virtual void feed(std::string_view chunk) = 0;
  virtual void finish() = 0;
};

struct Endpoint {
  std::string base_url; // without a trailing slash
  std::string api_key;  // sent as a Bearer token when not empty; never in messages
};

// POSTs `body` to base_url + path and streams the response into `consumer`. Throws CallError:
// for an HTTP error status with Ollama's error text and a status-specific kind, for a stream
// problem as AH_ERR_UPSTREAM.
void stream_exchange(const agenthost::HostServices& host, agenthost::Call& call, const Endpoint& endpoint,
                     std::string_view path, const std::string& body, BodyConsumer& consumer);

// GETs base_url + path and returns the parsed JSON body, throwing CallError like stream_exchange.
agenthost::json::Value get_json(const agenthost::HostServices& host, agenthost::Call& call, const Endpoint& endpoint,
                                std::string_view path);

// The CallError for an HTTP error status; `body` is what the server sent (JSON {"error": ...}
// from Ollama, anything from a proxy in front of it).
agenthost::CallError http_error(int status, std::string_view body, std::string_view url);

} // namespace ollama
