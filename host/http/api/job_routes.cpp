#include "http/api/job_routes.hpp"

#include "common/error.hpp"
#include "http/api/api_route.hpp"
#include "http/api/job_json.hpp"
#include "queue/job_store.hpp"

namespace agenthost::http {
namespace {

ApiReply show_job(ApiCall& call) {
  const std::string& id = call.request.path_param("id");
  // JobStore only borrows the database, so making one per request costs nothing.
  queue::JobStore jobs(call.context.database);
  const std::optional<queue::JobRecord> job = jobs.find_for_owner(call.caller().id, id);
  // Another user's job and a system job are 404 like a missing one: ids are not secrets, but
  // whether they exist is not the caller's business.
  if (!job) {
    throw Error(ErrorKind::not_found,
                "no job with id '" + id + "'; job ids come from the \"job\" of a 202 response, e.g. POST "
                "/api/v1/conversations/{id}/messages");
  }
  return ApiReply::json(200, json::dump(job_json(*job)));
}

} // namespace

void register_job_routes(Router& router, std::shared_ptr<ApiContext> context) {
  add_api_route(router, context, "GET", "/api/v1/jobs/{id}", Access::user, show_job);
}

} // namespace agenthost::http
