// The one shape every error response body has: {"error":{"type":...,"message":...}}.
#pragma once

#include "common/error.hpp"

#include <string>
#include <string_view>

namespace agenthost::http {

// `type` is error_type_name(kind); the message is escaped, and invalid UTF-8 in it is replaced,
// so the body is valid JSON whatever the message holds. A non-empty `field` (the JSON path of
// the input the error is about) is added as "field".
std::string error_body_json(ErrorKind kind, std::string_view message, std::string_view field = {});

} // namespace agenthost::http
