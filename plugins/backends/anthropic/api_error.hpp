// Turning what the Anthropic API says about a failure into a CallError: the HTTP status picks
// the status the host understands, the provider's own text (from its JSON error body or its
// `error` stream event) becomes the message. The API key never appears in a message.
#pragma once

#include "agenthost/sdk_types.hpp"

#include <string>
#include <string_view>

namespace anthropic {

// The status the host should see for an HTTP error status from the API.
ah_status status_for_http(int http_status);

// The status for an error `type` from the API ("overloaded_error", "rate_limit_error", ...).
ah_status status_for_error_type(std::string_view error_type);

// A failed HTTP exchange: `body` is the response body (normally {"type":"error","error":{...}}).
agenthost::CallError http_error(int http_status, std::string_view body, std::string_view api_key);

// An `error` event in the middle of a stream; `data` is the event's JSON.
agenthost::CallError stream_error(std::string_view data, std::string_view api_key);

// `text` with every occurrence of the key replaced by "***" (a proxy may echo headers back).
std::string without_key(std::string text, std::string_view api_key);

} // namespace anthropic
