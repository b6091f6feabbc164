// The web_search plugin as the host sees it, apart from the providers' wire formats (see
// searxng_test.cpp and brave_test.cpp): descriptor, settings and their create-time errors, the
// model's arguments, the cache, and failures of the exchange itself.
#include "test_support.hpp"

#include <atomic>
#include <thread>

namespace web_search_test {
namespace {

constexpr const char* kQuery = R"({"query": "searxng json api"})";

// The key the host's cache holds for a search on the first instance of a FakeHost.
std::string first_instance_key(const std::string& key) { return "web_search#1/" + key; }

// ------------------------------------------------------------------------------ descriptor

TEST_F(WebSearchPlugin, DescriptorDeclaresOneThreadSafeTool) {
  const ah_plugin_descriptor& d = host.descriptor();
  EXPECT_STREQ(d.name, "web_search");
  EXPECT_STREQ(d.version, "1.0.0");
  ASSERT_EQ(d.component_count, 1u);
  const ah_component& c = *d.components[0];
  EXPECT_STREQ(c.type_name, "web_search");
  EXPECT_EQ(c.kind, AH_KIND_TOOL);
  EXPECT_NE(c.flags & AH_COMPONENT_THREAD_SAFE, 0u);
  EXPECT_NE(std::string(c.description).find("web_fetch"), std::string::npos) << "tells the model what comes next";
}

TEST_F(WebSearchPlugin, SettingsSchemaIsUsableAndHidesTheKey) {
  const Value schema = agenthost::json::parse(host.component("web_search").settings_schema);
  EXPECT_TRUE(agenthost::settings::check_schema(schema).empty());
  const Value& properties = schema["properties"];
  EXPECT_EQ(properties["api_key"]["writeOnly"], Value(true)) << "the host redacts writeOnly settings";
  EXPECT_EQ(properties["provider"]["default"], Value("searxng"));
  EXPECT_EQ(properties["provider"]["enum"], Value::array({"searxng", "brave"}));
  EXPECT_EQ(properties["count"]["default"], Value(5));
  EXPECT_EQ(properties["count"]["maximum"], Value(20));
  EXPECT_EQ(properties["timeout_seconds"]["default"], Value(15));
  for (const char* host_key : {"cache", "cache_ttl", "egress"})
    EXPECT_FALSE(properties.contains(host_key)) << host_key << " belongs to the host";
}

TEST_F(WebSearchPlugin, DescribeGivesTheArgumentsWithTheConfiguredCount) {
  Settings settings = kSearxng;
  settings.push_back({"count", "8"});
  auto tool = host.create("web_search", settings);
  const CallResult r = tool.describe();
  ASSERT_TRUE(r.ok()) << r.error;
  const Value parameters = r.result_json()["parameters"];
  EXPECT_EQ(parameters["required"], Value::array({"query"}));
  EXPECT_EQ(parameters["additionalProperties"], Value(false));
  EXPECT_EQ(parameters["properties"]["count"]["maximum"], Value(20));
  EXPECT_NE(parameters["properties"]["count"]["description"].as_string().find("default 8"), std::string::npos);
}

// ------------------------------------------------------------------ create-time settings errors

void expect_create_fails(FakeHost& host, const Settings& settings, const std::string& part) {
  try {
    host.create("web_search", settings);
    ADD_FAILURE() << "creating web_search should fail with \"" << part << "\"";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST_F(WebSearchPlugin, EachProviderRequiresItsSettings) {
  expect_create_fails(host, {}, "base_url: required for provider = searxng");
  expect_create_fails(host, {{"provider", "searxng"}}, "e.g. base_url = http://127.0.0.1:8888");
  expect_create_fails(host, {{"provider", "brave"}}, "api_key: required for provider = brave");
  expect_create_fails(host, {{"provider", "brave"}, {"api_key", ""}}, "api_key = ${BRAVE_API_KEY}");
}

TEST_F(WebSearchPlugin, BadSettingsAreRefusedNamingTheSetting) {
  expect_create_fails(host, {{"base_url", "127.0.0.1:8888"}},
                      "base_url: must be an http:// or https:// address (got '127.0.0.1:8888')");
  expect_create_fails(host, {{"base_url", "ftp://search.example.org"}},
                      "base_url: must be an http:// or https:// address");
  expect_create_fails(host, {{"base_url", "http://admin:secret@127.0.0.1:8888"}},
                      "base_url: must not contain credentials");
  expect_create_fails(host, {{"base_url", "http://127.0.0.1:8888/search?format=json"}},
                      "base_url: must not have a query");
  expect_create_fails(host, {{"base_url", "http://127.0.0.1:8888"}, {"language", "en us"}},
                      "language: 'en us' is not a language code");
  // The schema's own checks, run by the host.
  expect_create_fails(host, {{"provider", "google"}}, "provider");
  expect_create_fails(host, {{"base_url", "http://127.0.0.1:8888"}, {"count", "21"}}, "count");
  expect_create_fails(host, {{"base_url", "http://127.0.0.1:8888"}, {"max_results", "3"}}, "max_results");
}

// The key goes into a header the host writes as it is: a line break (an environment variable read
// from a file with its newline) would end the header and start others. Refused, never quoted.
TEST_F(WebSearchPlugin, AnApiKeyWithALineBreakIsRefusedWithoutQuotingIt) {
  for (const char* key : {"BSA-secret-key\n", "BSA-secret\r\nX-Injected: 1"}) {
    try {
      host.create("web_search", {{"provider", "brave"}, {"api_key", key}});
      ADD_FAILURE() << "accepted a key with a line break";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("api_key: must not contain line breaks or other control characters"),
                std::string::npos)
          << e.what();
      EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << e.what();
    }
  }
}

TEST_F(WebSearchPlugin, CredentialsAreNeverQuotedInSettingsErrors) {
  for (const char* base_url :
       {"http://admin:secret@127.0.0.1:8888", "admin:secret@127.0.0.1:8888", "gopher://admin:secret@127.0.0.1"}) {
    SCOPED_TRACE(base_url);
    try {
      host.create("web_search", {{"base_url", base_url}});
      ADD_FAILURE() << "accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("base_url: "), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << e.what();
    }
  }
}

TEST_F(WebSearchPlugin, AnUnusedKeyIsWarnedAbout) {
  Settings settings = kSearxng;
  settings.push_back({"api_key", "left-over"});
  host.create("web_search", settings);
  ASSERT_EQ(host.logs.size(), 1u);
  EXPECT_EQ(host.logs[0].first, AH_LOG_WARN);
  EXPECT_NE(host.logs[0].second.find("provider = searxng does not use it"), std::string::npos) << host.logs[0].second;
}

// ----------------------------------------------------------------------------------- arguments

TEST_F(WebSearchPlugin, BadArgumentsTellTheModelWhatToSend) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({})", "missing argument 'query'"},
      {R"({"query": 42})", "'query' must be a string"},
      {R"({"query": "  \t "})", "'query' is empty"},
      {R"({"query": ")" + std::string(401, 'a') + R"("})", "'query' is too long (401 bytes, limit 400)"},
      {R"({"query": "x", "count": 0})", "'count' must be a whole number from 1 to 20"},
      {R"({"query": "x", "count": 21})", "'count' must be a whole number from 1 to 20"},
      {R"({"query": "x", "count": 2.5})", "got 2.5"},
      {R"({"query": "x", "count": "3"})", "got \"3\""},
      {R"({"query": "x", "page": 2})", "unknown argument 'page'; the arguments are 'query' and 'count'"},
  };
  host.http = [](const agenthost::HttpRequest&) { return json_answer(200, data_file("searxng_no_results.json")); };
  auto tool = host.create("web_search", kSearxng);
  for (const auto& [arguments, message] : cases) {
    SCOPED_TRACE(arguments);
    expect_error(tool.invoke(arguments), AH_ERR_INVALID_ARGUMENT, {message});
  }
  EXPECT_TRUE(host.http_requests.empty()) << "bad arguments never reach the provider";
}

// --------------------------------------------------------------------------------------- cache

TEST_F(WebSearchPlugin, ARepeatedSearchIsAnsweredFromTheCache) {
  host.http = [](const agenthost::HttpRequest&) { return json_answer(200, data_file("searxng_results.json")); };
  auto tool = host.create("web_search", kSearxng);
  const CallResult first = tool.invoke(kQuery);
  ASSERT_TRUE(first.ok()) << first.error;
  // The same search spelled differently: case and spacing do not change a search's answer.
  const CallResult second = tool.invoke(R"({"query": "  SearXNG   JSON api "})");
  ASSERT_TRUE(second.ok()) << second.error;
  EXPECT_EQ(host.http_requests.size(), 1u) << "the second search must not reach the provider";
  EXPECT_EQ(second.result_json()["results"], first.result_json()["results"]);
  EXPECT_EQ(second.result_json()["query"], Value("SearXNG JSON api")) << "the answer names the query asked";
  ASSERT_EQ(host.cache.size(), 1u);
  EXPECT_EQ(host.cache.begin()->first, first_instance_key("v1|searxng|http://127.0.0.1:8888|searxng json api|5||"));
  EXPECT_EQ(agenthost::json::parse(host.cache.begin()->second), first.result_json()["results"]);
}

TEST_F(WebSearchPlugin, TheCacheKeyHoldsEverySettingThatChangesTheAnswer) {
  host.http = [](const agenthost::HttpRequest&) { return json_answer(200, data_file("searxng_results.json")); };
  auto tool = host.create("web_search", kSearxng);
  ASSERT_TRUE(tool.invoke(kQuery).ok());
  ASSERT_TRUE(tool.invoke(R"({"query": "searxng json api", "count": 3})").ok());
  EXPECT_EQ(host.http_requests.size(), 2u) << "another count is another answer";
  EXPECT_EQ(tool.invoke(R"({"query": "searxng json api", "count": 3})").result_json()["results"].size(), 3u);
  EXPECT_EQ(host.http_requests.size(), 2u);

  Settings german = kSearxng;
  german.push_back({"language", "de"});
  german.push_back({"safesearch", "strict"});
  auto second = host.create("web_search", german);
  ASSERT_TRUE(second.invoke(kQuery).ok());
  EXPECT_EQ(host.http_requests.size(), 3u);
  EXPECT_EQ(host.cache.count("web_search#2/v1|searxng|http://127.0.0.1:8888|searxng json api|5|de|strict"), 1u);

  auto brave = host.create("web_search", kBrave);
  host.http = [](const agenthost::HttpRequest&) { return json_answer(200, data_file("brave_results.json")); };
  ASSERT_TRUE(brave.invoke(kQuery).ok());
  EXPECT_EQ(host.cache.count("web_search#3/v1|brave|https://api.search.brave.com|searxng json api|5||"), 1u);
}

TEST_F(WebSearchPlugin, FailuresAreNotCached) {
  int calls = 0;
  host.http = [&](const agenthost::HttpRequest&) {
    return ++calls == 1 ? answer(502, "Bad Gateway") : json_answer(200, data_file("searxng_results.json"));
  };
  auto tool = host.create("web_search", kSearxng);
  EXPECT_FALSE(tool.invoke(kQuery).ok());
  EXPECT_TRUE(host.cache.empty());
  EXPECT_TRUE(tool.invoke(kQuery).ok());
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(host.cache.size(), 1u);
}

TEST_F(WebSearchPlugin, AnUnreadableCacheEntryIsSearchedAgainAndReplaced) {
  host.cache[first_instance_key("v1|searxng|http://127.0.0.1:8888|searxng json api|5||")] = "{\"not\": \"an array\"}";
  host.http = [](const agenthost::HttpRequest&) { return json_answer(200, data_file("searxng_results.json")); };
  auto tool = host.create("web_search", kSearxng);
  const CallResult r = tool.invoke(kQuery);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(host.http_requests.size(), 1u);
  EXPECT_EQ(r.result_json()["results"].size(), 5u);
  EXPECT_EQ(agenthost::json::parse(host.cache.begin()->second), r.result_json()["results"]);
  ASSERT_FALSE(host.logs.empty());
  EXPECT_NE(host.logs.back().second.find("unreadable cache entry"), std::string::npos);
}

// ---------------------------------------------------------------------------- the exchange

TEST_F(WebSearchPlugin, TheExchangeIsBoundedByTheTimeoutSetting) {
  ASSERT_TRUE(search(kSearxng, kQuery, json_answer(200, data_file("searxng_no_results.json"))).ok());
  Settings quick = kSearxng;
  quick.push_back({"timeout_seconds", "2"});
  ASSERT_TRUE(search(quick, kQuery, json_answer(200, data_file("searxng_no_results.json"))).ok());
  ASSERT_EQ(host.http_requests.size(), 2u);
  EXPECT_EQ(host.http_requests[0].total_timeout_ms, 15000) << "default timeout_seconds = 15";
  EXPECT_EQ(host.http_requests[0].connect_timeout_ms, 5000) << "connecting takes at most 5 s of it";
  EXPECT_EQ(host.http_requests[0].max_response_bytes, 4 * 1024 * 1024);
  EXPECT_EQ(host.http_requests[1].total_timeout_ms, 2000);
  EXPECT_EQ(host.http_requests[1].connect_timeout_ms, 2000);
}

TEST_F(WebSearchPlugin, ATimeoutPassesTheHostsWordsOn) {
  const CallResult r =
      search(kSearxng, kQuery,
             transport_error(AH_ERR_TIMEOUT, "the exchange with http://127.0.0.1:8888 took longer than its "
                                             "total timeout of 15000 ms (reading the response head)"));
  expect_error(r, AH_ERR_TIMEOUT,
               {"the search could not be completed: SearXNG at http://127.0.0.1:8888: the exchange with "
                "http://127.0.0.1:8888 took longer than its total timeout of 15000 ms",
                "try again later"});
}

TEST_F(WebSearchPlugin, AnEgressRefusalKeepsItsStatusAndAdvice) {
  const std::string refusal =
      "http://127.0.0.1:8888 resolves to 127.0.0.1, a loopback address, which the egress policy "
      "of tool.web_search blocks; the operator can allow it in [tool.web_search] "
      "(egress = allow:127.0.0.1/32)";
  const CallResult r = search(kSearxng, kQuery, transport_error(AH_ERR_PERMISSION, refusal));
  expect_error(r, AH_ERR_PERMISSION, {refusal});
  EXPECT_EQ(r.error.find("try again later"), std::string::npos) << "retrying cannot help";
}

TEST_F(WebSearchPlugin, ACancelledCallStaysCancelled) {
  host.http = [](const agenthost::HttpRequest&) { return json_answer(200, data_file("searxng_results.json")); };
  auto tool = host.create("web_search", kSearxng);
  agenthost::testing::CallOptions options;
  options.cancelled = true;
  const CallResult r = tool.invoke(kQuery, options);
  EXPECT_EQ(r.status, AH_ERR_CANCELLED) << r.error;
  EXPECT_TRUE(host.cache.empty());
}

TEST_F(WebSearchPlugin, OneInstanceServesManyThreads) {
  host.http = [](const agenthost::HttpRequest& request) {
    return json_answer(200, request.url.find("q=even") != std::string::npos ? data_file("searxng_results.json")
                                                                            : data_file("searxng_no_results.json"));
  };
  auto tool = host.create("web_search", kSearxng);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const bool even = (t + i) % 2 == 0;
        const CallResult r =
            tool.invoke(std::string(R"({"query": ")") + (even ? "even" : "odd") + " " + std::to_string(i) + R"("})");
        if (!r.ok() || r.result_json()["results"].size() != (even ? 5u : 0u)) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

} // namespace
} // namespace web_search_test
