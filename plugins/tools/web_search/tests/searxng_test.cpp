// provider = searxng: the request SearXNG's JSON API expects, the reading of its recorded
// answers (tests/data/searxng_*.json, as SearXNG's webapp.py writes them) and every way a SearXNG
// says no.
#include "test_support.hpp"

namespace web_search_test {
namespace {

constexpr const char* kQuery = R"({"query": "searxng json api"})";

TEST_F(WebSearchPlugin, SearxngRequestIsTheJsonApiWithTheQueryEncoded) {
  const CallResult r = search(kSearxng, R"({"query": "  C++ &  Boost:\t100%  "})",
                              json_answer(200, data_file("searxng_no_results.json")));
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(host.http_requests.size(), 1u);
  const agenthost::HttpRequest& request = host.http_requests[0];
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.url, "http://127.0.0.1:8888/search?q=C%2B%2B%20%26%20Boost%3A%20100%25&format=json");
  EXPECT_EQ(request.headers, (std::vector<std::pair<std::string, std::string>>{{"Accept", "application/json"}}));
  EXPECT_TRUE(request.body.empty());
  EXPECT_EQ(request.max_redirects, 0) << "a redirect must reach the plugin, which reports it";
  EXPECT_EQ(r.result_json()["query"], Value("C++ & Boost: 100%"));
}

TEST_F(WebSearchPlugin, SearxngBaseUrlMayHaveAPathAndATrailingSlash) {
  const CallResult r = search({{"base_url", "https://search.example.org/searx/"}}, kQuery,
                              json_answer(200, data_file("searxng_no_results.json")));
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(host.http_requests.size(), 1u);
  EXPECT_EQ(host.http_requests[0].url, "https://search.example.org/searx/search?q=searxng%20json%20api&format=json");
}

TEST_F(WebSearchPlugin, SearxngGetsLanguageAndSafesearchLevel) {
  const std::vector<std::pair<std::string, std::string>> levels = {{"off", "0"}, {"moderate", "1"}, {"strict", "2"}};
  for (const auto& [setting, level] : levels) {
    SCOPED_TRACE(setting);
    host.http_requests.clear();
    Settings settings = kSearxng;
    settings.push_back({"language", "de-CH"});
    settings.push_back({"safesearch", setting});
    const CallResult r = search(settings, kQuery, json_answer(200, data_file("searxng_no_results.json")));
    ASSERT_TRUE(r.ok()) << r.error;
    ASSERT_EQ(host.http_requests.size(), 1u);
    EXPECT_EQ(host.http_requests[0].url,
              "http://127.0.0.1:8888/search?q=searxng%20json%20api&format=json&language=de-CH&safesearch=" + level);
  }
}

TEST_F(WebSearchPlugin, SearxngResultsAreNormalizedAndCutToTheCount) {
  const CallResult r = search(kSearxng, kQuery, json_answer(200, data_file("searxng_results.json")));
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.of(AH_EVENT_RESULT).size(), 1u);
  EXPECT_EQ(r.of(AH_EVENT_RESULT)[0].name, "application/json");
  // Six results in the answer, five wanted (the default count); a failed engine beside results
  // does not matter; infoboxes, suggestions, scores and engines are not the model's business.
  const Value expected = Value::object({
      {"query", "searxng json api"},
      {"provider", "searxng"},
      {"results",
       Value::array({
           hit("Search API \u2014 SearXNG Documentation (2024.11.17+10a8f53b8)",
               "https://docs.searxng.org/dev/search_api.html",
               "The search supports both GET and POST. Furthermore, two endpoints / and /search are available for "
               "querying. GET / GET /search. Parameters: q The search query."),
           hit("search: \u2014 SearXNG Documentation", "https://docs.searxng.org/admin/settings/settings_search.html",
               "formats: Result formats available from web, remove format to deny access (use lower case). html, "
               "csv, json, rss."),
           // A bare '&' in plain text stays; runs of spaces collapse.
           hit("How to enable the JSON format? \u00b7 searxng searxng \u00b7 Discussion #3542 \u00b7 GitHub",
               "https://github.com/searxng/searxng/discussions/3542",
               "I get 403 Forbidden when I call /search?q=test&format=json on my instance\u2026"),
           hit("SearXNG - Wikipedia", "https://en.wikipedia.org/wiki/SearXNG",
               "SearXNG is a free and open-source metasearch engine, available under the GNU Affero General Public "
               "License version 3."),
           hit("Caf\u00e9 & SearXNG", "https://caf\u00e9.example/searx", ""),
       })},
  });
  EXPECT_EQ(r.result_json(), expected) << r.result();
}

TEST_F(WebSearchPlugin, CountArgumentOverridesTheSettingAndSearxngIsTruncated) {
  CallResult r = search(kSearxng, R"({"query": "searxng json api", "count": 2})",
                        json_answer(200, data_file("searxng_results.json")));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result_json()["results"].size(), 2u);
  EXPECT_EQ(host.http_requests.back().url.find("count"), std::string::npos) << "SearXNG has no count parameter";

  r = search(kSearxng, R"({"query": "searxng json api", "count": 20})",
             json_answer(200, data_file("searxng_results.json")));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result_json()["results"].size(), 6u) << "all there are";

  Settings three = kSearxng;
  three.push_back({"count", "3"});
  r = search(three, kQuery, json_answer(200, data_file("searxng_results.json")));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result_json()["results"].size(), 3u);
}

TEST_F(WebSearchPlugin, SearxngWithNothingFoundAnswersAnEmptyList) {
  const CallResult r = search(kSearxng, kQuery, json_answer(200, data_file("searxng_no_results.json")));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result_json()["results"], Value::array());
}

TEST_F(WebSearchPlugin, SearxngWhoseEnginesAllFailedSaysWhichAndWhy) {
  const CallResult r = search(kSearxng, kQuery, json_answer(200, data_file("searxng_engines_failed.json")));
  expect_error(r, AH_ERR_UNAVAILABLE,
               {"SearXNG at http://127.0.0.1:8888 found nothing because its search engines failed",
                "google (Suspended: CAPTCHA), duckduckgo (timeout), brave (HTTP error 429)", "try again later"});
}

TEST_F(WebSearchPlugin, SearxngWithJsonDisabledSaysHowToEnableIt) {
  const CallResult r = search(
      kSearxng, kQuery,
      answer(403, data_file("searxng_format_disabled_403.html"), {{"Content-Type", "text/html; charset=utf-8"}}));
  expect_error(r, AH_ERR_PERMISSION,
               {"SearXNG at http://127.0.0.1:8888 refused the search (HTTP 403)",
                "enable `json` in search.formats of SearXNG's settings.yml"});
  EXPECT_EQ(r.error.find("<"), std::string::npos) << "Flask's stock page says nothing useful: " << r.error;
}

TEST_F(WebSearchPlugin, SearxngAnsweringHtmlInsteadOfJsonSaysHowToEnableIt) {
  const CallResult r =
      search(kSearxng, kQuery,
             answer(200, "<!DOCTYPE html><html><head><title>SearXNG</title></head><body></body></html>",
                    {{"Content-Type", "text/html; charset=utf-8"}}));
  expect_error(r, AH_ERR_UPSTREAM,
               {"answered with an HTML page instead of JSON results",
                "enable `json` in search.formats of SearXNG's settings.yml"});
}

// JSON that does not parse (Latin-1 bytes in a string, a cut-off answer) is not a disabled json
// format: the message says what the parser found instead of sending the operator to settings.yml.
TEST_F(WebSearchPlugin, SearxngUnreadableJsonSaysWhatIsWrongWithIt) {
  const CallResult latin1 = search(
      kSearxng, kQuery, json_answer(200, "{\"results\": [{\"title\": \"caf\xE9\", \"url\": \"https://a.example/\"}]}"));
  expect_error(latin1, AH_ERR_UPSTREAM,
               {"SearXNG at http://127.0.0.1:8888 answered JSON that cannot be read", "UTF-8"});
  EXPECT_EQ(latin1.error.find("settings.yml"), std::string::npos) << latin1.error;
  const CallResult cut = search(kSearxng, kQuery, json_answer(200, "{\"results\": [{\"title\": \"a"));
  expect_error(cut, AH_ERR_UPSTREAM, {"answered JSON that cannot be read"});
}

TEST_F(WebSearchPlugin, SearxngJsonWithoutResultsIsNoSearxng) {
  const CallResult r = search(kSearxng, kQuery, json_answer(200, R"({"status": "ok"})"));
  expect_error(r, AH_ERR_UPSTREAM, {"without a \"results\" array", "base_url"});
}

TEST_F(WebSearchPlugin, SearxngLimiterSaysToWait) {
  const CallResult r = search(kSearxng, kQuery, answer(429, "Too Many Requests", {{"Content-Type", "text/plain"}}));
  expect_error(r, AH_ERR_RATE_LIMITED,
               {"SearXNG at http://127.0.0.1:8888 is rate limiting searches (HTTP 429: 'Too Many Requests')",
                "wait a little before searching again"});
}

TEST_F(WebSearchPlugin, SearxngServerErrorSaysTryLater) {
  const CallResult r = search(kSearxng, kQuery, answer(502, "<html><body>Bad Gateway</body></html>"));
  expect_error(r, AH_ERR_UNAVAILABLE, {"SearXNG at http://127.0.0.1:8888 failed (HTTP 502)", "try again later"});
}

TEST_F(WebSearchPlugin, SearxngNotFoundPointsAtBaseUrl) {
  const CallResult r = search(kSearxng, kQuery, answer(404, "Not Found"));
  expect_error(r, AH_ERR_NOT_FOUND, {"has no search endpoint there (HTTP 404", "check base_url"});
}

TEST_F(WebSearchPlugin, SearxngRedirectNamesWhereTo) {
  const CallResult r = search(
      kSearxng, kQuery, answer(301, "", {{"Location", "https://search.example.org/search?q=searxng&format=json"}}));
  expect_error(r, AH_ERR_UPSTREAM, {"redirected the search (HTTP 301) to https://search.example.org", "set base_url"});
  EXPECT_EQ(r.error.find("q=searxng"), std::string::npos) << "only the origin of the target is named";
}

} // namespace
} // namespace web_search_test
