// What `serve` plugs into the HTTP API and the plugins' host services for documents: the
// upload settings and pipeline check for /api/v1/documents, and the store's owner-scoped search
// behind the search_documents host service (plugins never touch the store themselves).
#pragma once

#include "config/config.hpp"
#include "http/api/document_routes.hpp"
#include "plugins/document_search_service.hpp"
#include "plugins/pipeline_runner.hpp"
#include "queue/job_store.hpp"
#include "store/database.hpp"

#include <functional>
#include <memory>

namespace agenthost::app {

// search_documents over `database` (which must outlive every plugin call).
plugins::DocumentSearch store_document_search(store::Database& database);

// [documents] max_size, ?pipeline= checked by `pipelines` (which must outlive the server), jobs
// and the worker wake-up.
http::DocumentServices document_services(const config::Config& config, const plugins::PipelineRunner& pipelines,
                                         std::shared_ptr<queue::JobStore> jobs, std::function<void()> wake_workers);

} // namespace agenthost::app
