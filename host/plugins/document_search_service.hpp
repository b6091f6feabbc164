// The host side of the search_documents service (ah_host_api, ABI 1.1): full-text search over
// the documents of the user a call runs for.
//
// Plugins never see the store: the application plugs a DocumentSearch into HostServices (serve
// passes the store's document search), and the callback scopes every query to the call's owner
// (CallSink::owner_id). A call that runs for no user is refused, so a tool used outside a
// turn cannot read anyone's documents.
#pragma once

#include "agenthost/plugin.h"

#include <functional>
#include <string>
#include <vector>

namespace agenthost::plugins {

struct DocumentHit {
  std::string document_id;
  std::string filename;
  int page = 1;
  double score = 0;
  std::string snippet;
};

// Searches the documents of `owner_id` only, best first, at most `limit` hits. Called from any
// thread; throws agenthost::Error (or std::exception) on failure.
using DocumentSearch =
    std::function<std::vector<DocumentHit>(const std::string& owner_id, const std::string& query, int limit)>;

inline constexpr int kMinDocumentSearchLimit = 1;
inline constexpr int kMaxDocumentSearchLimit = 20;

// The ah_host_api callback. Writes the hits as a JSON array to `out_json`, or the reason for a
// failure as plain text (AH_ERR_PERMISSION without an owner, AH_ERR_UNAVAILABLE when the host
// has no document store, AH_ERR_INVALID_ARGUMENT for an empty query).
ah_status search_documents_callback(ah_instance* instance, ah_call* call, ah_str query, int32_t limit,
                                    const ah_byte_sink* out_json);

} // namespace agenthost::plugins
