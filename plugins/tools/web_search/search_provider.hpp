// web_search: what a search provider (SearXNG, Brave) is to the tool — how to ask it, how to
// read its answer, how to report its refusals. The tool owns everything around that: arguments,
// the HTTP exchange through the host (timeouts, egress policy), the cache and the result object.
#pragma once

#include "search_hit.hpp"

#include "agenthost/sdk_types.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace web_search {

// One search as the provider receives it.
struct SearchQuery {
  std::string text;       // trimmed, inner whitespace collapsed
  int count = 5;          // 1..20: results wanted
  std::string language;   // "" = the provider's default
  std::string safesearch; // "" (provider default) | "off" | "moderate" | "strict"
};

class SearchProvider {
public:
  virtual ~SearchProvider() = default;
  // The result's "provider" field and the first part of the cache key: "searxng" | "brave".
  virtual std::string_view name() const = 0;
  // How messages name the other side, e.g. "SearXNG at http://127.0.0.1:8888".
  virtual std::string label() const = 0;
  // The GET request for `query` (URL and headers; the tool adds timeouts and limits).
  virtual agenthost::HttpRequest request_for(const SearchQuery& query) const = 0;
  // Reads a 2xx answer into at most query.count hits. Throws CallError when the body is not the
  // provider's JSON, saying what is wrong with the provider's setup.
  virtual std::vector<SearchHit> read_answer(const agenthost::HttpResponse& response,
                                             const SearchQuery& query) const = 0;
  // The CallError for any other status.
  virtual agenthost::CallError error_for(const agenthost::HttpResponse& response) const = 0;
};

// base_url: the instance root without a trailing slash, e.g. "http://127.0.0.1:8888".
std::unique_ptr<SearchProvider> make_searxng_provider(std::string base_url);
// base_url: e.g. "https://api.search.brave.com"; api_key: the subscription token (not empty).
std::unique_ptr<SearchProvider> make_brave_provider(std::string base_url, std::string api_key);

} // namespace web_search
