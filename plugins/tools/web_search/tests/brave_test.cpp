// provider = brave: the request the Brave Search API expects (key header, count), the reading of
// its recorded answers (tests/data/brave_*.json: HTML in descriptions, no "web" when nothing was
// found) and its errors — a rejected key is HTTP 422, not 401.
#include "test_support.hpp"

namespace web_search_test {
namespace {

constexpr const char* kQuery = R"({"query": "brave search api"})";
constexpr const char* kKey = "BSA-test-key-0123456789";

TEST_F(WebSearchPlugin, BraveRequestCarriesKeyCountAndEncodedQuery) {
  const CallResult r =
      search(kBrave, R"({"query": "brave  search api?"})", json_answer(200, data_file("brave_no_results.json")));
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(host.http_requests.size(), 1u);
  const agenthost::HttpRequest& request = host.http_requests[0];
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.url, "https://api.search.brave.com/res/v1/web/search?q=brave%20search%20api%3F&count=5");
  EXPECT_EQ(request.headers, (std::vector<std::pair<std::string, std::string>>{{"Accept", "application/json"},
                                                                               {"X-Subscription-Token", kKey}}));
  EXPECT_EQ(request.max_redirects, 0);
}

TEST_F(WebSearchPlugin, BraveGetsCountArgumentLanguageAndSafesearch) {
  Settings settings = kBrave;
  settings.push_back({"base_url", "http://127.0.0.1:9999/"});
  settings.push_back({"language", "pt-br"});
  settings.push_back({"safesearch", "strict"});
  const CallResult r = search(settings, R"({"query": "brave search api", "count": 7})",
                              json_answer(200, data_file("brave_no_results.json")));
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(host.http_requests.size(), 1u);
  EXPECT_EQ(
      host.http_requests[0].url,
      "http://127.0.0.1:9999/res/v1/web/search?q=brave%20search%20api&count=7&search_lang=pt-br&safesearch=strict");
}

TEST_F(WebSearchPlugin, BraveResultsAreCleanedOfTagsAndEntities) {
  const CallResult r = search(kBrave, kQuery, json_answer(200, data_file("brave_results.json")));
  ASSERT_TRUE(r.ok()) << r.error;
  const Value expected = Value::object({
      {"query", "brave search api"},
      {"provider", "brave"},
      {"results",
       Value::array({
           hit("Brave Search API | Brave", "https://brave.com/search/api/",
               "Power your search and AI apps with the fastest growing independent search engine since Bing. Access "
               "an index of billions of pages with a single call to the Brave Search API."),
           hit("Web search & AI grounding - Brave Search API documentation",
               "https://api-dashboard.search.brave.com/app/documentation/web-search/get-started",
               "The Web Search API lets you query Brave's index. Requests need the X-Subscription-Token header "
               "\u2014 get a key on the dashboard."),
           // An escaped tag is text the page shows, and stays.
           hit("Using the Brave Search API from Python", "https://example.org/blog/brave-search-python",
               "A short tutorial: search the web from Python in 10 lines <code> included."),
       })},
  });
  EXPECT_EQ(r.result_json(), expected) << r.result();
}

TEST_F(WebSearchPlugin, BraveWithNothingFoundAnswersAnEmptyList) {
  const CallResult r = search(kBrave, kQuery, json_answer(200, data_file("brave_no_results.json")));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result_json()["results"], Value::array());
}

TEST_F(WebSearchPlugin, BraveRejectedKeyNamesTheSettingAndNeverTheKey) {
  const CallResult r = search(kBrave, kQuery, json_answer(422, data_file("brave_token_invalid_422.json")));
  expect_error(
      r, AH_ERR_PERMISSION,
      {"Brave Search at https://api.search.brave.com refused the API key (HTTP 422: SUBSCRIPTION_TOKEN_INVALID: "
       "The provided subscription token is invalid.)",
       "check the api_key setting"});
  EXPECT_EQ(r.error.find(kKey), std::string::npos);
}

TEST_F(WebSearchPlugin, BraveUnauthorizedIsARefusedKey) {
  for (const int status : {401, 403}) {
    SCOPED_TRACE(status);
    const CallResult r = search(kBrave, kQuery, answer(status, ""));
    expect_error(r, AH_ERR_PERMISSION, {"refused the API key (HTTP " + std::to_string(status) + ")", "api_key"});
  }
}

TEST_F(WebSearchPlugin, BraveRateLimitSaysWhenToRetry) {
  const CallResult r =
      search(kBrave, kQuery,
             answer(429, data_file("brave_rate_limited_429.json"),
                    {{"Content-Type", "application/json"}, {"Retry-After", "2"}, {"X-RateLimit-Reset", "1, 1419704"}}));
  expect_error(
      r, AH_ERR_RATE_LIMITED,
      {"Brave Search at https://api.search.brave.com is rate limiting searches (HTTP 429: RATE_LIMITED: Request "
       "rate limit exceeded for plan.)",
       "retry after 2 seconds"});
}

TEST_F(WebSearchPlugin, BraveRetryAfterMayBeADate) {
  const CallResult r = search(kBrave, kQuery, answer(429, "", {{"Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT"}}));
  expect_error(r, AH_ERR_RATE_LIMITED, {"retry after 'Wed, 21 Oct 2026 07:28:00 GMT'"});
}

TEST_F(WebSearchPlugin, BraveServerErrorSaysTryLater) {
  const CallResult r = search(kBrave, kQuery, answer(503, "upstream connect error"));
  expect_error(
      r, AH_ERR_UNAVAILABLE,
      {"Brave Search at https://api.search.brave.com failed (HTTP 503: 'upstream connect error')", "try again later"});
}

TEST_F(WebSearchPlugin, BraveRejectedQueryQuotesTheProviderAndRedactsAnEchoedKey) {
  const std::string body =
      std::string(R"({"type":"ErrorResponse","error":{"id":"x","status":422,"code":"VALIDATION",)") +
      R"("detail":"Unable to validate request parameter(s) for token )" + kKey + R"("},"time":1})";
  const CallResult r = search(kBrave, kQuery, json_answer(422, body));
  expect_error(r, AH_ERR_INVALID_ARGUMENT, {"rejected the search (HTTP 422: VALIDATION: Unable to validate", "***"});
  EXPECT_EQ(r.error.find(kKey), std::string::npos) << r.error;
}

TEST_F(WebSearchPlugin, BraveAnsweringNoJsonSaysWhatCameBack) {
  const CallResult r = search(kBrave, kQuery, answer(200, "<html><body>Captive portal</body></html>"));
  expect_error(r, AH_ERR_UPSTREAM,
               {"answered with something that is not a JSON search response", "Captive portal", "base_url"});
}

// Broken JSON is not a wrong base_url: say what the parser found, as for SearXNG.
TEST_F(WebSearchPlugin, BraveUnreadableJsonSaysWhatIsWrongWithIt) {
  const CallResult r =
      search(kBrave, kQuery, json_answer(200, "{\"web\": {\"results\": [{\"title\": \"caf\xE9\"}]}}"));
  expect_error(r, AH_ERR_UPSTREAM, {"Brave Search at https://api.search.brave.com answered JSON that cannot be read",
                                    "invalid UTF-8"});
  EXPECT_EQ(r.error.find("base_url"), std::string::npos) << r.error;
}

TEST_F(WebSearchPlugin, BraveWebSectionWithoutResultsIsNoBraveAnswer) {
  const CallResult r = search(kBrave, kQuery, json_answer(200, R"({"type":"search","web":{"type":"search"}})"));
  expect_error(r, AH_ERR_UPSTREAM, {"without a \"results\" array"});
}

} // namespace
} // namespace web_search_test
