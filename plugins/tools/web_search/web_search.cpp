// web_search: lets an agent search the web and read the results (title, url, snippet) — through a
// self-hosted SearXNG (default) or the Brave Search API — then open the promising ones with
// web_fetch.
//
//   [tool.web_search]
//   plugin = web_search
//   provider = searxng                 ; or brave (with api_key = ${BRAVE_API_KEY})
//   base_url = http://127.0.0.1:8888
//   egress = allow:127.0.0.1/32        ; host key: a local SearXNG is a private address
//
// Every request goes through the host's outbound HTTP service, so the operator's egress policy,
// proxies and TLS settings apply. Successful answers are cached through the host's cache (the
// operator's cache_ttl; `cache = off` disables it) under a key holding everything that changes
// the answer.
#include "agenthost/sdk.hpp"

#include "search_arguments.hpp"
#include "search_provider.hpp"
#include "search_settings.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace web_search {

namespace {

using agenthost::CallError;
using agenthost::json::Value;

// A search answer is a few dozen KB; anything near this is not one.
constexpr int64_t kMaxAnswerBytes = 4 * 1024 * 1024;
constexpr int64_t kMaxConnectMs = 5000;

bool is_success(int status) { return status >= 200 && status <= 299; }

} // namespace

class WebSearch : public agenthost::Tool {
public:
  static constexpr const char* type_name = "web_search";
  static constexpr const char* description =
      "Searches the web and returns the best matching pages as a list of title, url and snippet. Use it for "
      "current events or facts you are unsure of; then open a promising url with web_fetch to read the page.";
  static constexpr const char* settings_schema = kSettingsSchema;
  // Settings and provider are fixed at creation; every call has its own state.
  static constexpr bool thread_safe = true;

  explicit WebSearch(const agenthost::Context& context)
      : host_(context.host), settings_(read_settings(context.settings)), provider_(make_provider(settings_)) {
    if (settings_.provider != "brave" && !settings_.api_key.empty())
      host_.warn("web_search: api_key is set but provider = searxng does not use it; remove it from the section");
  }

  std::string parameters_schema() const override {
    return agenthost::json::dump(Value::object({
        {"type", "object"},
        {"properties",
         Value::object({
             {"query", Value::object({{"type", "string"},
                                      {"minLength", 1},
                                      {"maxLength", static_cast<int64_t>(kMaxQueryBytes)},
                                      {"description", "What to search for, as you would type it into a search engine, "
                                                      "e.g. \"SearXNG enable json format\""}})},
             {"count", Value::object({{"type", "integer"},
                                      {"minimum", 1},
                                      {"maximum", 20},
                                      {"description", "How many results to return (default " +
                                                          std::to_string(settings_.count) + ")"}})},
         })},
        {"required", Value::array({"query"})},
        {"additionalProperties", false},
    }));
  }

  agenthost::ToolOutput invoke(agenthost::Call& call, const Value& arguments) override {
    const SearchQuery query = parse_arguments(arguments, settings_);
    const std::string key = cache_key(provider_->name(), settings_.base_url, query);
    if (std::optional<Value> cached = cached_results(key)) return answer(query, std::move(*cached));

    const Value results = hits_to_json(search(call, query));
    host_.cache_put(key, agenthost::json::dump(results)); // ttl 0: the operator's cache_ttl
    return answer(query, results);
  }

private:
  // The cached results, or nullopt on a miss or an entry this version cannot read (then the
  // search runs again and overwrites it).
  std::optional<Value> cached_results(const std::string& key) const {
    const std::optional<std::string> cached = host_.cache_get(key);
    if (!cached) return std::nullopt;
    try {
      Value results = agenthost::json::parse(*cached);
      hits_from_json(results); // checks the shape
      return results;
    } catch (const std::exception& e) {
      host_.warn(std::string("web_search: ignoring an unreadable cache entry: ") + e.what());
      return std::nullopt;
    }
  }

  std::vector<SearchHit> search(agenthost::Call& call, const SearchQuery& query) const {
    agenthost::HttpRequest request = provider_->request_for(query);
    request.total_timeout_ms = int64_t{settings_.timeout_seconds} * 1000;
    request.connect_timeout_ms = std::min(kMaxConnectMs, request.total_timeout_ms);
    request.max_response_bytes = kMaxAnswerBytes;
    request.max_redirects = 0; // a search API does not redirect; one that does is misconfigured (see error_for)

    agenthost::HttpResponse response;
    try {
      response = host_.http(call, request);
    } catch (const CallError& e) {
      if (e.status() == AH_ERR_CANCELLED) throw;
      // The host's message says what failed (timeout, refused address, DNS); add who and what next.
      const std::string next = e.status() == AH_ERR_PERMISSION ? "" : "; try again later";
      throw CallError(e.status(), "the search could not be completed: " + provider_->label() + ": " + e.what() + next);
    }
    if (!is_success(response.status)) throw provider_->error_for(response);
    return provider_->read_answer(response, query);
  }

  Value answer(const SearchQuery& query, Value results) const {
    return Value::object(
        {{"query", query.text}, {"provider", std::string(provider_->name())}, {"results", std::move(results)}});
  }

  const agenthost::HostServices host_;
  const SearchSettings settings_;
  const std::unique_ptr<SearchProvider> provider_;
};

} // namespace web_search

AGENTHOST_PLUGIN("web_search", "1.0.0", "Web search through SearXNG or the Brave Search API", web_search::WebSearch)
