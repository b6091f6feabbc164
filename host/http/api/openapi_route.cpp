// GET /api/v1/openapi.json: public, so clients and generators can read the API
// before they have a token.
#include "http/api/api_route.hpp"
#include "http/api/openapi_document.hpp"
#include "http/api/route_registration.hpp"

#include <string>

namespace agenthost::http {

void register_openapi_route(Router &router,
                            std::shared_ptr<ApiContext> context) {
  add_api_route(router, context, "GET", "/api/v1/openapi.json", Access::open,
                [](ApiCall &) {
                  return ApiReply::json(200, std::string(openapi_document()));
                });
}

} // namespace agenthost::http
