// /api/v1/documents: a user's uploaded documents and full-text search over them.
//   POST   /api/v1/documents[?filename=&pipeline=]  multipart/form-data field `file`, or the raw
//          file with its Content-Type (?filename= then names it) → 201 Document (status queued,
//          job_id: the documents::process_document_job it enqueued)
//   GET    /api/v1/documents                     the caller's, newest first, keyset paginated
//   GET    /api/v1/documents/search?q=&limit=    {"data":[DocumentSearchHit]} (the caller's only)
//   GET    /api/v1/documents/{id}                Document (status, progress, counts, error)
//   DELETE /api/v1/documents/{id}                204; chunks, index entries and blobs go too
// Another user's document is answered exactly like an unknown id (404).
//
// The upload is never held in memory: it streams from the socket into the store in pieces of at
// most store::kMaxBlobPiece. Over [documents] max_size → 413: at once when the declared length
// says so, else as soon as the count passes it (the rest of the body is not read; the server's
// lingering close lets the client read the 413). A type documents::detect_content_type does not
// accept → 415; unknown ?pipeline= → 422 field "pipeline".
#pragma once

#include "http/api/api_context.hpp"
#include "http/router.hpp"
#include "queue/job_store.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace agenthost::http {

struct DocumentServices {
  std::size_t max_size_bytes = 50ULL << 20; // [documents] max_size
  // Throws Error(unprocessable, field "pipeline") when `name` is no configured pipeline (serve:
  // PipelineRunner::steps_for). Null: every named pipeline is refused.
  std::function<void(const std::string& name)> check_pipeline;
  // Where document jobs go; null: the upload route is not registered.
  std::shared_ptr<queue::JobStore> jobs;
  // Starts idle workers at once after an enqueue (WorkerPools::wake); optional.
  std::function<void()> wake_workers;
};

void register_document_routes(Router& router, std::shared_ptr<ApiContext> context, DocumentServices services);

} // namespace agenthost::http
