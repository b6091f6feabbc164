#include "http/health_route.hpp"

#include "http/request.hpp"
#include "http/response.hpp"

namespace agenthost::http {

void register_health_route(Router& router) {
  router.add("GET", "/health",
             [](Request&, Response& response) { response.send_json(200, R"({"status":"ok"})"); });
}

} // namespace agenthost::http
