#include "http/api/api_route.hpp"

#include "common/error.hpp"
#include "http/api/auth.hpp"
#include "http/response.hpp"
#include "store/query_counter.hpp"

#include <string>
#include <utility>

namespace agenthost::http {

const store::UserRecord& ApiCall::caller() const {
  if (!user) throw Error(ErrorKind::internal, "an open API route asked for the authenticated user");
  return *user;
}

namespace {

// Runs the part of an API request that can fail with an Error the dispatcher renders.
ApiReply authorize_and_handle(Request& request, Response& response, ApiContext& context, Access access,
                              const ApiHandler& handler) {
  std::optional<store::UserRecord> user;
  if (access != Access::open) {
    const std::optional<std::string> authorization = request.header("Authorization");
    try {
      user = authenticate_caller(context.users, authorization);
    } catch (const Error& error) {
      if (error.kind() == ErrorKind::unauthorized)
        response.set_header("WWW-Authenticate", bearer_challenge(authorization.has_value()));
      throw;
    }
    if (access == Access::admin && !user->is_admin)
      throw Error(ErrorKind::forbidden, "this route is for admins only; ask an admin to do it for you");
  }
  ApiCall call{request, context, user ? &*user : nullptr};
  return handler(call);
}

} // namespace

void add_api_route(Router& router, std::shared_ptr<ApiContext> context, std::string_view method,
                   std::string_view pattern, Access access, ApiHandler handler) {
  if (!context) throw Error(ErrorKind::internal, "add_api_route needs an ApiContext");
  router.add(method, pattern,
             [context = std::move(context), access, handler = std::move(handler)](Request& request,
                                                                                  Response& response) {
               // Started first, so authentication counts too.
               const store::StatementCount statements;
               const auto report_statements = [&] {
                 if (context->debug_queries) response.set_header("X-DB-Queries", std::to_string(statements.so_far()));
               };
               ApiReply reply;
               try {
                 reply = authorize_and_handle(request, response, *context, access, handler);
               } catch (...) {
                 // The dispatcher renders the error; the header must already be on the response.
                 report_statements();
                 throw;
               }
               report_statements();
               response.send(reply.status, reply.content_type, reply.body);
             });
}

} // namespace agenthost::http
