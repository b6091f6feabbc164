// The document_search tool's core, apart from the ABI: checking the model's arguments and
// turning the host's hits into text a model reads well.
#pragma once

#include "agenthost/json.hpp"

#include <cstdint>
#include <string>

namespace document_search {

struct SearchRequest {
  std::string query;
  int32_t limit = 5;
};

// {"query": non-empty string, "limit"?: integer 1..20}. Throws agenthost::CallError
// (AH_ERR_INVALID_ARGUMENT) naming the argument that is wrong.
SearchRequest parse_arguments(const agenthost::json::Value& arguments, int32_t default_limit);

// One block per hit — "[n] FILENAME, page P (document ID)" then the passage, matched words in
// **bold** — or a sentence saying nothing matched and what to try.
std::string render_results(const std::string& query, const agenthost::json::Value& hits);

} // namespace document_search
