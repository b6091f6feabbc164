// GET /health: answers 200 {"status":"ok"} while the server is serving. A liveness check only;
// it touches no dependency, so a slow database does not make the process look dead.
#pragma once

#include "http/router.hpp"

namespace agenthost::http {

void register_health_route(Router& router);

} // namespace agenthost::http
