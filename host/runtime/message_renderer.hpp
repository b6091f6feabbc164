// How a stored message looks in the API (GET /api/v1/conversations/{id}); message.completed
// events carry exactly that. The HTTP layer owns the rendering and hands it to the runtime,
// which knows nothing of HTTP.
#pragma once

#include "store/records.hpp"

#include <agenthost/json.hpp>

#include <functional>

namespace agenthost::runtime {

using MessageRenderer = std::function<json::Value(const store::MessageRecord&)>;

} // namespace agenthost::runtime
