// POST /api/v1/documents: streams one upload (multipart/form-data field `file`, or the raw body)
// into the store piece by piece and enqueues its document.process job. See document_routes.hpp
// for the contract.
#pragma once

#include "http/api/api_route.hpp"
#include "http/api/document_routes.hpp"
#include "store/document_store.hpp"

namespace agenthost::http {

ApiReply upload_document(ApiCall& call, const DocumentServices& services, store::DocumentStore& documents);

} // namespace agenthost::http
