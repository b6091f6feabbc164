// Calls to the host's /api/v1 as a client would make them: a bearer token and, for POST and
// PATCH, a JSON body. (http_exchange.hpp sends no body.)
#pragma once

#include "agenthost/json.hpp"
#include "http_exchange.hpp"

#include <optional>
#include <string>

namespace agenthost::integration {

// `method path` on a fresh connection to 127.0.0.1:port, with `Authorization: Bearer token`
// when `token` is not empty and `json_body` sent as application/json when given.
HttpReply api_call(int port, const std::string& method, const std::string& path, const std::string& token,
                   const std::optional<json::Value>& json_body = std::nullopt);

// The reply's body parsed; a body that is not JSON becomes a string value holding it, so that
// assertions on its members fail with the text in the message instead of throwing.
json::Value json_of(const HttpReply& reply);

} // namespace agenthost::integration
