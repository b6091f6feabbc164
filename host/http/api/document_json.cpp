#include "http/api/document_json.hpp"

#include "http/api/conversation_json.hpp"
#include "store/timestamps.hpp"

#include <optional>
#include <string>

namespace agenthost::http {

namespace {

json::Value optional_string(const std::optional<std::string>& value) {
  return value ? json::Value(*value) : json::Value();
}

json::Value optional_integer(const std::optional<std::int64_t>& value) {
  return value ? json::Value(*value) : json::Value();
}

} // namespace

json::Value document_json(const store::DocumentRecord& document) {
  return json::Value::object({
      {"id", document.id},
      {"filename", document.filename},
      {"content_type", document.content_type},
      {"size", document.size},
      {"status", document.status},
      {"pipeline", optional_string(document.pipeline)},
      {"job_id", optional_string(document.job_id)},
      {"progress", document.progress_json ? embedded_json(*document.progress_json) : json::Value()},
      {"page_count", optional_integer(document.page_count)},
      {"chunk_count", optional_integer(document.chunk_count)},
      {"error", optional_string(document.error)},
      {"created_at", store::format_timestamp(document.created_at)},
      {"updated_at", store::format_timestamp(document.updated_at)},
  });
}

json::Value document_page_json(const store::Page<store::DocumentRecord>& page) {
  json::Value data = json::Value::array();
  for (const store::DocumentRecord& document : page.items) data.push_back(document_json(document));
  return json::Value::object({{"data", std::move(data)}, {"next_cursor", optional_string(page.next_cursor)}});
}

json::Value search_hits_json(const std::vector<store::SearchHit>& hits) {
  json::Value data = json::Value::array();
  for (const store::SearchHit& hit : hits) {
    data.push_back(json::Value::object({{"document_id", hit.document_id},
                                        {"filename", hit.filename},
                                        {"chunk_id", hit.chunk_id},
                                        {"page", hit.page},
                                        {"score", hit.score},
                                        {"snippet", hit.snippet}}));
  }
  return json::Value::object({{"data", std::move(data)}});
}

} // namespace agenthost::http
