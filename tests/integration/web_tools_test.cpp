// web_fetch and web_search in real turns of the real binary (issue 8): the scripted model calls
// the tools, which reach a LocalWebServer in this process (pages, redirects, a fake SearXNG and a
// fake Brave Search API) through the host's outbound HTTP and its egress policy.
//   - an agent searches, then fetches a result, and reads titles, final URLs and clean text;
//   - every SSRF spelling is a tool error the model can read, and canaries on 127.0.0.1 and ::1
//     accept nothing, also when an allowed server redirects to a refused address;
//   - redirects followed and counted, the hop limit, text, PDF, oversize and 404 pages;
//   - SearXNG without its JSON format enabled: the error says what to enable;
//   - the host cache (hit, restart, off, expiry, LRU eviction, search) on SQLite
//     (web_cache_scenarios.cpp; two of them on PostgreSQL in web_tools_postgres_test.cpp);
//   - Brave without a key, with a wrong key, and with the right one.
#include "canary_listener.hpp"
#include "json_log.hpp"
#include "local_web_server.hpp"
#include "web_cache_scenarios.hpp"
#include "web_tools_turns.hpp"

#include "agenthost/url.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::integration {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

const char* const kAllowLocal = "egress = allow:127.0.0.1/32\n";

std::string searxng_section(const std::string& name, const LocalWebServer& web, const std::string& extra = "") {
  return "[tool." + name + "]\nplugin = web_search\nprovider = searxng\nbase_url = " + web.url("") + "\n" +
         kAllowLocal + extra + "\n";
}

std::string brave_section(const std::string& name, const LocalWebServer& web, const std::string& key_line) {
  return "[tool." + name + "]\nplugin = web_search\nprovider = brave\nbase_url = " + web.url("") + "\n" + key_line +
         kAllowLocal + "\n";
}

json::Value url_argument(const std::string& url) { return json::Value::object({{"url", url}}); }

TEST(WebTools, AnAgentSearchesThenReadsAResult) {
  LocalWebServer web;
  const std::string result_url = web.url("/page/result-1");
  WebToolsHost host(
      {scripted_reply("search the web",
                      {scripted_call("web_search", json::Value::object({{"query", "fish and chips"}}))},
                      "I found three results."),
       scripted_reply("open the first", {scripted_call("web_fetch", url_argument(result_url))}, "I read it.")},
      searxng_section("web_search", web, "language = en\n") + "[tool.web_fetch]\nplugin = web_fetch\n" + kAllowLocal,
      "web_search, web_fetch");
  ASSERT_TRUE(host.started()) << host.output();
  WebConversation conversation{host.client().new_conversation()};

  const FinishedTurn search = run_turn(host.client(), conversation, "Please search the web for fish and chips");
  ASSERT_EQ(search.terminal_type(), "turn.completed") << search.describe();
  ASSERT_EQ(search.tool_results().size(), 1u) << search.describe();
  const json::Value found = search.tool_results()[0].data["result"];
  EXPECT_EQ(text_of(found["query"]), "fish and chips");
  EXPECT_EQ(text_of(found["provider"]), "searxng");
  ASSERT_EQ(found["results"].size(), 3u) << json::dump(found);
  const json::Value& first = found["results"][0];
  EXPECT_EQ(text_of(first["title"]), "Result 1 about fish and chips");
  EXPECT_EQ(text_of(first["url"]), result_url);
  EXPECT_EQ(text_of(first["snippet"]), "Snippet 1 about fish and chips: fish & chips") << "entities decoded";
  EXPECT_EQ(delta_text(search.events), "I found three results.");
  ASSERT_EQ(web.requests_to("/search"), 1u);
  const std::string query = web.requests()[0].query;
  EXPECT_THAT(query, HasSubstr("format=json"));
  EXPECT_THAT(query, HasSubstr("q=fish%20and%20chips"));
  EXPECT_THAT(query, HasSubstr("language=en")) << "the instance's language setting reaches SearXNG";

  const FinishedTurn read = run_turn(host.client(), conversation, "Now open the first result");
  ASSERT_EQ(read.terminal_type(), "turn.completed") << read.describe();
  ASSERT_EQ(read.tool_results().size(), 1u) << read.describe();
  const json::Value page = read.tool_results()[0].data["result"];
  EXPECT_EQ(text_of(page["url"]), result_url) << json::dump(page);
  EXPECT_EQ(text_of(page["final_url"]), result_url);
  EXPECT_EQ(page["status"], json::Value(200));
  EXPECT_EQ(text_of(page["title"]), page_title("result-1"));
  EXPECT_THAT(text_of(page["content_type"]), HasSubstr("text/html"));
  EXPECT_THAT(text_of(page["text"]), AllOf(HasSubstr(page_sentence("result-1")), HasSubstr("Fish & chips."),
                                           Not(HasSubstr("<p>")), Not(HasSubstr("scripts are not text"))));
  EXPECT_EQ(page["truncated"], json::Value(false));
  EXPECT_EQ(page["redirects"], json::Value(0));
  EXPECT_EQ(delta_text(read.events), "I read it.");
  ASSERT_EQ(web.requests_to("/page/result-1"), 1u);
  for (const WebRequest& request : web.requests()) {
    if (request.path == "/page/result-1") {
      EXPECT_EQ(request.header("user-agent"), "agenthost-web_fetch/1.0");
    }
  }
  EXPECT_EQ(host.stop_host(), 0);
}

TEST(WebTools, FetchFollowsRedirectsAndRefusesWhatItCannotRead) {
  LocalWebServer web;
  const std::vector<std::string> urls = {web.url("/chain/3"),  web.url("/chain/6"),  web.url("/text/notes"),
                                         web.url("/file.pdf"), web.url("/oversize"), web.url("/missing")};
  WebToolsHost host(
      {scripted_reply(
          "fetch them",
          {scripted_call("web_fetch", url_argument(urls[0])), scripted_call("web_fetch", url_argument(urls[1])),
           scripted_call("web_fetch", url_argument(urls[2])), scripted_call("web_fetch", url_argument(urls[3])),
           scripted_call("web_fetch", url_argument(urls[4])), scripted_call("web_fetch", url_argument(urls[5]))})},
      std::string("[tool.web_fetch]\nplugin = web_fetch\n") + kAllowLocal, "web_fetch");
  ASSERT_TRUE(host.started()) << host.output();

  const FinishedTurn turn = run_turn_in_new_conversation(host.client(), "fetch them all");
  ASSERT_EQ(turn.terminal_type(), "turn.completed") << turn.describe();
  ASSERT_EQ(turn.tool_results().size(), urls.size()) << turn.describe();

  const json::Value chained = turn.completed_call("url", urls[0]);
  EXPECT_EQ(text_of(chained["result"]["final_url"]), web.url("/chain/0")) << json::dump(chained);
  EXPECT_EQ(chained["result"]["redirects"], json::Value(3));
  EXPECT_EQ(text_of(chained["result"]["title"]), page_title("chain end"));
  EXPECT_EQ(web.requests_to("/chain/0"), 1u) << "the five-hop limit stops /chain/6 before /chain/0";

  const json::Value too_many = turn.completed_call("url", urls[1]);
  EXPECT_THAT(text_of(too_many["error"]), HasSubstr("redirect")) << json::dump(too_many);
  EXPECT_EQ(web.requests_to("/chain/1"), 2u) << "/chain/6's fifth redirect reaches /chain/1, the sixth is refused";

  const json::Value text = turn.completed_call("url", urls[2]);
  EXPECT_THAT(text_of(text["result"]["text"]), HasSubstr("Plain text notes.")) << json::dump(text);
  EXPECT_THAT(text_of(text["result"]["content_type"]), HasSubstr("text/plain"));

  const json::Value pdf = turn.completed_call("url", urls[3]);
  EXPECT_THAT(text_of(pdf["error"]), HasSubstr("application/pdf")) << json::dump(pdf);
  const json::Value huge = turn.completed_call("url", urls[4]);
  // web_fetch's README: a page over max_bytes is cut there and the result says so.
  EXPECT_EQ(huge["result"]["truncated"], json::Value(true)) << json::dump(huge).substr(0, 2000);
  EXPECT_EQ(text_of(huge["result"]["title"]), "Huge");
  const json::Value missing = turn.completed_call("url", urls[5]);
  EXPECT_THAT(text_of(missing["error"]), HasSubstr("404")) << json::dump(missing);
  EXPECT_EQ(host.stop_host(), 0);
}

// Each case: what the model asked for, and a word the refusal must explain itself with.
struct RefusedFetch {
  std::string tool;
  std::string url;
  std::string reason;
};

TEST(WebTools, EverySsrfSpellingIsARefusalAndNothingReachesTheCanaries) {
  CanaryListener canary;
  CanaryListener canary6("::1");
  LocalWebServer web; // reachable only through the `allowed_fetch` instance
  const std::string port = std::to_string(canary.port());
  const std::string port6 = std::to_string(canary6.port());
  const auto via_redirect = [&](const std::string& target) {
    return web.url("/redirect?to=" + url::percent_encode(target));
  };
  const std::vector<RefusedFetch> cases = {
      {"web_fetch", "http://127.0.0.1:" + port + "/", "loopback"},
      {"web_fetch", "http://2130706433:" + port + "/", "loopback"},
      {"web_fetch", "http://0177.0.0.1:" + port + "/", "loopback"},
      {"web_fetch", "http://0x7f.1:" + port + "/", "loopback"},
      {"web_fetch", "http://127.1:" + port + "/", "loopback"},
      {"web_fetch", "http://localhost:" + port + "/", "loopback"},
      {"web_fetch", "http://169.254.169.254/latest/meta-data/", "link-local"},
      {"web_fetch", "http://[::1]:" + port6 + "/", "loopback"},
      {"web_fetch", "http://[::ffff:127.0.0.1]:" + port + "/", "127.0.0.1 is loopback"},
      {"web_fetch", "file:///etc/passwd", "http"},
      {"web_fetch", "gopher://127.0.0.1:" + port + "/_stats", "http"},
      {"web_fetch", "http://user@127.0.0.1:" + port + "/", "user"},
      {"allowed_fetch", web.url("/metadata-redirect"), "169.254.169.254 is link-local"},
      {"allowed_fetch", via_redirect("http://[::1]:" + port6 + "/"), "::1 is loopback"},
      {"allowed_fetch", via_redirect("http://10.0.0.1:" + port + "/"), "10.0.0.1 is private"},
  };
  std::vector<json::Value> calls;
  for (const RefusedFetch& refused : cases) calls.push_back(scripted_call(refused.tool, url_argument(refused.url)));
  WebToolsHost host({scripted_reply("attack", calls, "All refused.")},
                    "[tool.web_fetch]\nplugin = web_fetch\n\n[tool.allowed_fetch]\nplugin = web_fetch\n" +
                        std::string(kAllowLocal),
                    "web_fetch, allowed_fetch");
  ASSERT_TRUE(host.started()) << host.output();

  const FinishedTurn turn = run_turn_in_new_conversation(host.client(), "attack the metadata service");
  ASSERT_EQ(turn.terminal_type(), "turn.completed") << turn.describe();
  ASSERT_EQ(turn.tool_results().size(), cases.size()) << turn.describe();
  for (const RefusedFetch& refused : cases) {
    const json::Value call = turn.completed_call("url", refused.url);
    EXPECT_TRUE(call["result"].is_null()) << refused.url << " was fetched: " << json::dump(call);
    EXPECT_THAT(text_of(call["error"]), HasSubstr(refused.reason)) << refused.url;
    if (refused.url.rfind("http://", 0) == 0 && refused.url.find('@') == std::string::npos) {
      EXPECT_THAT(text_of(call["error"]), HasSubstr("blocked by egress policy '")) << refused.url;
    }
    if (refused.tool == "allowed_fetch") {
      EXPECT_THAT(text_of(call["error"]), HasSubstr("(redirected from '" + refused.url + "')"))
          << "the refused hop is a redirect, and the model is told so";
    }
  }
  EXPECT_EQ(canary.accepted(), 0);
  EXPECT_EQ(canary6.accepted(), 0);
  EXPECT_EQ(web.requests_to("/metadata-redirect"), 1u) << "the allowed first hop was made; its redirect was refused";
  EXPECT_EQ(web.requests_to("/redirect"), 2u);
  EXPECT_EQ(host.stop_host(), 0);
}

// SearXNG serves JSON only when the operator enabled it; until then it answers 403, and the
// error says what to change.
TEST(WebTools, SearxngWithoutTheJsonFormatSaysHowToEnableIt) {
  LocalWebServer::Options options;
  options.searxng_json_enabled = false;
  LocalWebServer web(options);
  WebToolsHost host({scripted_reply("search", {scripted_call("web_search", json::Value::object({{"query", "fish"}}))})},
                    searxng_section("web_search", web), "web_search");
  ASSERT_TRUE(host.started()) << host.output();

  const FinishedTurn turn = run_turn_in_new_conversation(host.client(), "search please");
  ASSERT_EQ(turn.terminal_type(), "turn.completed") << turn.describe();
  ASSERT_EQ(turn.tool_results().size(), 1u) << turn.describe();
  EXPECT_THAT(text_of(turn.tool_results()[0].data["error"]), HasSubstr("search.formats")) << turn.describe();
  EXPECT_EQ(web.requests_to("/search"), 1u);
  EXPECT_EQ(host.stop_host(), 0);
}

TEST(WebToolsCache, RepeatedFetchIsServedFromTheCache) { expect_repeated_fetch_served_from_cache(""); }
TEST(WebToolsCache, CacheSurvivesARestart) { expect_cache_survives_a_restart(""); }
TEST(WebToolsCache, CacheOffFetchesEveryTime) { expect_cache_off_fetches_every_time(""); }
TEST(WebToolsCache, ExpiredEntryIsFetchedAgain) { expect_expired_entry_fetched_again(""); }
TEST(WebToolsCache, LeastRecentlyUsedEntryIsEvicted) { expect_least_recently_used_evicted(""); }
TEST(WebToolsCache, RepeatedSearchIsServedFromTheCache) { expect_repeated_search_served_from_cache(""); }

TEST(WebToolsBrave, SearchesWithTheSubscriptionTokenAndCleansSnippets) {
  LocalWebServer web;
  WebToolsHost host(
      {scripted_reply("brave", {scripted_call("brave", json::Value::object({{"query", "fish"}, {"count", 2}}))})},
      brave_section("brave", web, "api_key = " + LocalWebServer::Options{}.brave_api_key + "\n"), "brave");
  ASSERT_TRUE(host.started()) << host.output();

  const FinishedTurn turn = run_turn_in_new_conversation(host.client(), "brave search");
  ASSERT_EQ(turn.terminal_type(), "turn.completed") << turn.describe();
  ASSERT_EQ(turn.tool_results().size(), 1u) << turn.describe();
  const json::Value found = turn.tool_results()[0].data["result"];
  EXPECT_EQ(text_of(found["provider"]), "brave") << json::dump(found);
  ASSERT_EQ(found["results"].size(), 2u) << json::dump(found);
  EXPECT_EQ(text_of(found["results"][0]["title"]), "Brave result 1 about fish");
  EXPECT_EQ(text_of(found["results"][0]["url"]), web.url("/page/brave-1"));
  EXPECT_EQ(text_of(found["results"][0]["snippet"]), "All about fish & more, part 1")
      << "tags stripped, entities decoded";
  ASSERT_EQ(web.requests_to("/res/v1/web/search"), 1u);
  const WebRequest request = web.requests()[0];
  EXPECT_THAT(request.query, AllOf(HasSubstr("q=fish"), HasSubstr("count=2")));
  EXPECT_THAT(request.header("accept"), HasSubstr("application/json"));
  EXPECT_EQ(host.stop_host(), 0);
}

// A brave instance without api_key cannot be created, and the agent needs it: serve refuses to
// start, naming the file, the line, the section and the missing key.
TEST(WebToolsBrave, WithoutAKeyServeRefusesToStartNamingApiKey) {
  LocalWebServer web;
  WebToolsHost host({scripted_reply("brave", {scripted_call("brave", json::Value::object({{"query", "fish"}}))})},
                    brave_section("brave", web, ""), "brave");
  ASSERT_FALSE(host.started()) << host.output();
  EXPECT_EQ(host.exit_status(), 1) << host.output();
  EXPECT_THAT(host.output(), AllOf(HasSubstr("agenthost.conf:"), HasSubstr("[tool.brave]"),
                                   HasSubstr("api_key: required for provider = brave")));
  EXPECT_EQ(web.requests().size(), 0u);
}

TEST(WebToolsBrave, AWrongKeyIsAToolErrorAboutTheKey) {
  LocalWebServer web;
  WebToolsHost host({scripted_reply("brave", {scripted_call("brave", json::Value::object({{"query", "fish"}}))})},
                    brave_section("brave", web, "api_key = not-the-key\n"), "brave");
  ASSERT_TRUE(host.started()) << host.output();

  const FinishedTurn turn = run_turn_in_new_conversation(host.client(), "brave search");
  ASSERT_EQ(turn.terminal_type(), "turn.completed") << turn.describe();
  ASSERT_EQ(turn.tool_results().size(), 1u) << turn.describe();
  const std::string error = text_of(turn.tool_results()[0].data["error"]);
  EXPECT_THAT(error, HasSubstr("api_key")) << "the operator's setting to fix, named: " << turn.describe();
  EXPECT_THAT(error, Not(HasSubstr("not-the-key"))) << "the key itself is never shown";
  ASSERT_EQ(web.requests_to("/res/v1/web/search"), 1u);
  EXPECT_EQ(web.requests()[0].header("x-subscription-token"), "not-the-key");
  EXPECT_EQ(host.stop_host(), 0);
}

} // namespace
} // namespace agenthost::integration
