// GET /api/v1/jobs/{id}: a job shown to its owner (another user's job, or a system job, is 404).
#pragma once

#include "http/api/api_context.hpp"
#include "http/router.hpp"

#include <memory>

namespace agenthost::http {

void register_job_routes(Router& router, std::shared_ptr<ApiContext> context);

} // namespace agenthost::http
