// The Brave Search API, web search (https://api-dashboard.search.brave.com/app/documentation):
//
//   GET {base_url}/res/v1/web/search?q=<query>&count=<1..20>[&search_lang=<code>][&safesearch=off|moderate|strict]
//   X-Subscription-Token: <api_key>
//   Accept: application/json
//   -> {"query": {"original": ...}, "mixed": {...}, "type": "search",
//       "web": {"type": "search", "results": [{"title","url","description",...}], "family_friendly": true}}
//
// Descriptions carry <strong> around matched words and HTML entities (&#x27;): make_hit cleans
// them. "web" is absent when nothing was found. Errors come as
//   {"type": "ErrorResponse", "error": {"id","status","code","detail","meta"}, "time": ...}
// (the documentation's examples also show "errors": [...]); a rejected key is HTTP 422 with code
// SUBSCRIPTION_TOKEN_INVALID, not a 401.
#include "provider_errors.hpp"
#include "search_provider.hpp"

#include "agenthost/http_errors.hpp"
#include "agenthost/url.hpp"

#include <string>
#include <utility>

namespace web_search {

namespace {

using agenthost::CallError;
using agenthost::json::Value;

struct BraveError {
  std::string code;   // e.g. "SUBSCRIPTION_TOKEN_INVALID", "RATE_LIMITED"
  std::string detail; // e.g. "The provided subscription token is invalid."
};

BraveError read_brave_error(std::string_view body) {
  BraveError out;
  const std::optional<Value> parsed = parse_json_body(body);
  if (!parsed || !parsed->is_object()) return out;
  const Value* error = parsed->find("error");
  if (const Value* errors = parsed->find("errors");
      (!error || !error->is_object()) && errors && errors->is_array() && errors->size() > 0)
    error = &errors->as_array()[0];
  if (!error || !error->is_object()) return out;
  if (const Value* code = error->find("code"); code && code->is_string()) out.code = code->as_string();
  if (const Value* detail = error->find("detail"); detail && detail->is_string()) out.detail = detail->as_string();
  return out;
}

bool is_key_refusal(int status, const BraveError& error) {
  return status == 401 || status == 403 || error.code.rfind("SUBSCRIPTION_TOKEN", 0) == 0;
}

class BraveProvider final : public SearchProvider {
public:
  BraveProvider(std::string base_url, std::string api_key)
      : base_url_(std::move(base_url)), api_key_(std::move(api_key)) {}

  std::string_view name() const override { return "brave"; }
  std::string label() const override { return "Brave Search at " + agenthost::url_origin(base_url_); }

  agenthost::HttpRequest request_for(const SearchQuery& query) const override {
    agenthost::HttpRequest request;
    request.url = base_url_ + "/res/v1/web/search?q=" + agenthost::url::percent_encode(query.text) +
                  "&count=" + std::to_string(query.count);
    if (!query.language.empty()) request.url += "&search_lang=" + agenthost::url::percent_encode(query.language);
    if (!query.safesearch.empty()) request.url += "&safesearch=" + query.safesearch;
    request.headers.emplace_back("Accept", "application/json");
    request.headers.emplace_back("X-Subscription-Token", api_key_);
    return request;
  }

  std::vector<SearchHit> read_answer(const agenthost::HttpResponse& response, const SearchQuery& query) const override {
    const std::optional<Value> answer = parse_answer(label(), response.body);
    if (!answer || !answer->is_object()) {
      const std::string excerpt = agenthost::body_excerpt(response.body, 120);
      throw CallError::upstream(label() + " answered with something that is not a JSON search response" +
                                (excerpt.empty() ? std::string(" (an empty body)") : ": " + excerpt) +
                                "; the operator should check base_url (default https://api.search.brave.com)");
    }
    std::vector<SearchHit> hits;
    const Value* web = answer->find("web");
    if (!web) return hits; // Brave leaves "web" out when it found nothing
    const Value* results = web->is_object() ? web->find("results") : nullptr;
    if (!results || !results->is_array())
      throw CallError::upstream(label() + " answered with a \"web\" section without a \"results\" array; the operator "
                                          "should check base_url (default https://api.search.brave.com)");
    for (const Value& result : results->as_array()) {
      if (!result.is_object()) continue;
      if (add_hit(hits, make_hit(result.find("title"), result.find("url"), result.find("description")),
                  static_cast<std::size_t>(query.count)))
        break;
    }
    return hits;
  }

  CallError error_for(const agenthost::HttpResponse& response) const override {
    const BraveError error = read_brave_error(response.body);
    std::string detail = error.code;
    if (!error.detail.empty()) detail += (detail.empty() ? "" : ": ") + error.detail;
    if (detail.empty()) detail = readable_detail(response.body);
    // A rejected key is the operator's to fix; say so before the model retries in vain.
    if (is_key_refusal(response.status, error)) {
      return CallError(
          AH_ERR_PERMISSION,
          agenthost::redact_secret(label() + " refused the API key (HTTP " + std::to_string(response.status) +
                                       (detail.empty() ? "" : ": " + detail) +
                                       "); the operator should check the api_key setting of this "
                                       "web_search instance: it must be a Brave Search API subscription token",
                                   api_key_));
    }
    const CallError failure = http_failure(label(), response, detail, {});
    return CallError(failure.status(), agenthost::redact_secret(failure.what(), api_key_));
  }

private:
  const std::string base_url_;
  const std::string api_key_;
};

} // namespace

std::unique_ptr<SearchProvider> make_brave_provider(std::string base_url, std::string api_key) {
  return std::make_unique<BraveProvider>(std::move(base_url), std::move(api_key));
}

} // namespace web_search
