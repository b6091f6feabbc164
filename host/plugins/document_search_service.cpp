#include "plugins/document_search_service.hpp"

#include "plugins/abi_handles.hpp"
#include "plugins/abi_struct.hpp"
#include "plugins/call_sink.hpp"
#include "plugins/host_services.hpp"
#include "plugins/instance.hpp"

#include "common/logger.hpp"

#include <agenthost/json.hpp>

#include <algorithm>
#include <exception>
#include <string>
#include <string_view>

namespace agenthost::plugins {

namespace {

constexpr std::size_t byte_sink_min_size = AGENTHOST_END_OF(ah_byte_sink, write);

json::Value hits_json(const std::vector<DocumentHit>& hits) {
  json::Value out = json::Value::array();
  for (const DocumentHit& hit : hits) {
    out.push_back(json::Value::object({{"document_id", hit.document_id},
                                       {"filename", hit.filename},
                                       {"page", hit.page},
                                       {"score", hit.score},
                                       {"snippet", hit.snippet}}));
  }
  return out;
}

ah_status search(const ah_instance* handle, const CallSink* sink, std::string_view query, int32_t limit,
                 const ah_byte_sink& out) {
  const auto answer = [&](ah_status status, std::string_view text) {
    out.write(out.user, ah_str{text.data(), text.size()});
    return status;
  };
  const std::string owner = sink ? sink->owner_id() : std::string();
  if (owner.empty())
    return answer(AH_ERR_PERMISSION, "document_search runs only inside a user's turn: there is no user whose "
                                     "documents it could search");
  const DocumentSearch* search = handle && handle->services ? &handle->services->document_search() : nullptr;
  if (!search || !*search)
    return answer(AH_ERR_UNAVAILABLE, "this host has no document store to search; run it with `agenthost serve`");
  if (query.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return answer(AH_ERR_INVALID_ARGUMENT, "the search query is empty; give the words to look for");
  const int clamped = std::clamp<int>(limit, kMinDocumentSearchLimit, kMaxDocumentSearchLimit);
  try {
    const std::string hits = json::dump(hits_json((*search)(owner, std::string(query), clamped)));
    return answer(AH_OK, hits);
  } catch (const std::exception& e) {
    if (handle && handle->services && handle->instance)
      handle->services->logger().error("document search failed",
                                       {{"instance", handle->instance->section()}, {"error", e.what()}});
    // The reason (SQL, paths) is for the operator's log, not for the model.
    return answer(AH_ERR_INTERNAL, "document search failed inside the host; its log has the details");
  }
}

} // namespace

ah_status search_documents_callback(ah_instance* handle, ah_call* call, ah_str query, int32_t limit,
                                    const ah_byte_sink* out_json) {
  if (!out_json || abi::declared_size(out_json) < byte_sink_min_size) return AH_ERR_INVALID_ARGUMENT;
  const ah_byte_sink out = read_abi_struct(out_json);
  if (!out.write) return AH_ERR_INVALID_ARGUMENT;
  try {
    const std::string_view text = query.ptr ? std::string_view(query.ptr, query.len) : std::string_view();
    return search(handle, call ? call->sink : nullptr, text, limit, out);
  } catch (...) {
    // Nothing may unwind into the plugin; writing the reason may itself have thrown.
    return AH_ERR_INTERNAL;
  }
}

} // namespace agenthost::plugins
