// Documents and search hits as the API shows them:
//   Document: {"id","filename","content_type","size","status","pipeline"|null,"job_id"|null,
//              "progress":{"status","completed","total"}|null,"page_count"|null,"chunk_count"|null,
//              "error"|null,"created_at","updated_at"}
//   DocumentSearchHit: {"document_id","filename","chunk_id","page","score","snippet"}
// Times are RFC 3339 (store::format_timestamp); progress is stored JSON shown as a JSON value.
#pragma once

#include "store/document_store.hpp"
#include "store/pagination.hpp"

#include <agenthost/json.hpp>

#include <vector>

namespace agenthost::http {

json::Value document_json(const store::DocumentRecord& document);
// {"data":[Document...],"next_cursor":...|null}
json::Value document_page_json(const store::Page<store::DocumentRecord>& page);
// {"data":[DocumentSearchHit...]}
json::Value search_hits_json(const std::vector<store::SearchHit>& hits);

} // namespace agenthost::http
