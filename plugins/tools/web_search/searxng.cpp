// SearXNG's JSON API (https://docs.searxng.org/dev/search_api.html):
//
//   GET {base_url}/search?q=<query>&format=json[&language=<code>][&safesearch=0|1|2]
//   -> {"query": ..., "number_of_results": N, "results": [{"url","title","content","engine",
//       "score",...}], "answers": [...], "corrections": [...], "infoboxes": [...],
//       "suggestions": [...], "unresponsive_engines": [["engine", "reason"], ...]}
//
// SearXNG has no result-count parameter: the tool keeps the first `count` results. A SearXNG
// whose settings.yml lacks `json` in search.formats answers 403 (Flask's HTML error page); both
// that and a 200 HTML page (a login page of a proxy) get the same advice.
#include "provider_errors.hpp"
#include "search_provider.hpp"

#include "agenthost/url.hpp"

#include <string>
#include <utility>

namespace web_search {

namespace {

using agenthost::CallError;
using agenthost::json::Value;

constexpr const char* kEnableJson = "enable `json` in search.formats of SearXNG's settings.yml";

// SearXNG's safesearch levels: 0 none, 1 moderate, 2 strict.
std::string safesearch_level(const std::string& safesearch) {
  if (safesearch == "off") return "0";
  if (safesearch == "moderate") return "1";
  return "2";
}

// "google (Suspended: CAPTCHA), brave (timeout)" from [["google","Suspended: CAPTCHA"], ...].
std::string failed_engines(const Value& unresponsive) {
  std::string out;
  for (const Value& entry : unresponsive.as_array()) {
    if (!entry.is_array() || entry.size() == 0 || !entry.as_array()[0].is_string()) continue;
    if (!out.empty()) out += ", ";
    out += entry.as_array()[0].as_string();
    if (entry.size() > 1 && entry.as_array()[1].is_string() && !entry.as_array()[1].as_string().empty())
      out += " (" + entry.as_array()[1].as_string() + ")";
  }
  return out;
}

class SearxngProvider final : public SearchProvider {
public:
  explicit SearxngProvider(std::string base_url) : base_url_(std::move(base_url)) {}

  std::string_view name() const override { return "searxng"; }
  std::string label() const override { return "SearXNG at " + agenthost::url_origin(base_url_); }

  agenthost::HttpRequest request_for(const SearchQuery& query) const override {
    agenthost::HttpRequest request;
    request.url = base_url_ + "/search?q=" + agenthost::url::percent_encode(query.text) + "&format=json";
    if (!query.language.empty()) request.url += "&language=" + agenthost::url::percent_encode(query.language);
    if (!query.safesearch.empty()) request.url += "&safesearch=" + safesearch_level(query.safesearch);
    request.headers.emplace_back("Accept", "application/json");
    return request;
  }

  std::vector<SearchHit> read_answer(const agenthost::HttpResponse& response, const SearchQuery& query) const override {
    const std::optional<Value> answer = parse_answer(label(), response.body);
    if (!answer) {
      const bool html = response.body.find('<') != std::string::npos;
      throw CallError::upstream(label() + " answered with " + (html ? "an HTML page" : "something that is not JSON") +
                                " instead of JSON results; the operator should " + kEnableJson +
                                " and check that base_url is the SearXNG root address");
    }
    const Value* results = answer->is_object() ? answer->find("results") : nullptr;
    if (!results || !results->is_array()) {
      throw CallError::upstream(label() + " answered JSON without a \"results\" array; the operator should check that "
                                          "base_url is the root address of a SearXNG instance");
    }
    std::vector<SearchHit> hits;
    for (const Value& result : results->as_array()) {
      if (!result.is_object()) continue;
      if (add_hit(hits, make_hit(result.find("title"), result.find("url"), result.find("content")),
                  static_cast<std::size_t>(query.count)))
        break;
    }
    // Nothing found because every engine failed is an outage, not an answer: saying "no results"
    // would send the model rephrasing a query that was fine.
    const Value* unresponsive = answer->find("unresponsive_engines");
    if (hits.empty() && unresponsive && unresponsive->is_array() && unresponsive->size() > 0) {
      throw CallError::unavailable(
          label() + " found nothing because its search engines failed: " + failed_engines(*unresponsive) +
          "; try again later (the operator may enable other engines in settings.yml)");
    }
    return hits;
  }

  CallError error_for(const agenthost::HttpResponse& response) const override {
    const std::string hint =
        response.status == 403
            ? std::string("; SearXNG answers 403 when its JSON API is disabled: the operator should ") + kEnableJson
            : std::string("; a proxy in front of SearXNG wants credentials, which web_search does not send: the "
                          "operator should let the agenthost host through");
    return http_failure(label(), response, readable_detail(response.body), hint);
  }

private:
  const std::string base_url_;
};

} // namespace

std::unique_ptr<SearchProvider> make_searxng_provider(std::string base_url) {
  return std::make_unique<SearxngProvider>(std::move(base_url));
}

} // namespace web_search
