// What the Anthropic API says about a failure mid-stream, as a CallError: its `error` event's
// type picks the status the host understands, its message becomes the message. HTTP error
// statuses go through the SDK's http_errors.hpp like every backend's. The API key never appears.
#pragma once

#include "agenthost/sdk_types.hpp"

#include <string_view>

namespace anthropic {

// The status for an error `type` from the API ("overloaded_error", "rate_limit_error", ...).
ah_status status_for_error_type(std::string_view error_type);

// An `error` event in the middle of a stream; `data` is the event's JSON.
agenthost::CallError stream_error(std::string_view data, std::string_view api_key);

} // namespace anthropic
