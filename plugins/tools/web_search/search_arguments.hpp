// web_search: the model's arguments ({"query": "...", "count": 3}) turned into a SearchQuery, and
// the cache key of a search.
#pragma once

#include "search_provider.hpp"
#include "search_settings.hpp"

#include "agenthost/json.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace web_search {

// Longest query accepted, in bytes (Brave's limit is 400 characters and 50 words; no search
// engine does anything useful with more).
inline constexpr std::size_t kMaxQueryBytes = 400;

// `query` trimmed with inner whitespace collapsed; `count` from the arguments (1..20) or the
// settings; language and safesearch from the settings. Throws CallError (invalid argument) with
// a message the model can act on.
SearchQuery parse_arguments(const agenthost::json::Value& arguments, const SearchSettings& settings);

// "v1|<provider>|<base_url>|<query, lower-cased>|<count>|<language>|<safesearch>": everything
// that changes the answer, so "Rust  Async" and "rust async" share an entry and count 3 and
// count 5 do not.
std::string cache_key(std::string_view provider, std::string_view base_url, const SearchQuery& query);

} // namespace web_search
