#include "web_cache_scenarios.hpp"

#include "json_log.hpp"
#include "local_web_server.hpp"
#include "web_tools_turns.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace agenthost::integration {
namespace {

// One web_fetch instance per cache setting under test (each its own cache scope), all allowed
// to reach the local server, and a web_search instance on the fake SearXNG.
std::string cache_tool_sections(const LocalWebServer& web) {
  const std::string local = "plugin = web_fetch\negress = allow:127.0.0.1/32\n";
  return "[tool.fetch_cached]\n" + local + "\n" + "[tool.fetch_uncached]\n" + local + "cache = off\n\n" +
         "[tool.fetch_short]\n" + local + "cache_ttl = 1\n\n" + "[tool.fetch_small]\n" + local +
         "cache_max_entries = 1\n\n" +
         "[tool.search_cached]\nplugin = web_search\nprovider = searxng\nbase_url = " + web.url("") +
         "\negress = allow:127.0.0.1/32\n";
}

const char* const kCacheTools = "fetch_cached, fetch_uncached, fetch_short, fetch_small, search_cached";

json::Value fetch(const std::string& tool, const LocalWebServer& web, const std::string& path) {
  return scripted_call(tool, json::Value::object({{"url", web.url(path)}}));
}

// Each message names one fetch; no message is a substring of another's match.
std::vector<json::Value> cache_replies(const LocalWebServer& web) {
  return {scripted_reply("cache-on", {fetch("fetch_cached", web, "/page/cached")}),
          scripted_reply("cache-off", {fetch("fetch_uncached", web, "/page/uncached")}),
          scripted_reply("cache-ttl", {fetch("fetch_short", web, "/page/short")}),
          scripted_reply("lru-a", {fetch("fetch_small", web, "/page/small-a")}),
          scripted_reply("lru-b", {fetch("fetch_small", web, "/page/small-b")}),
          scripted_reply("cache-search",
                         {scripted_call("search_cached", json::Value::object({{"query", "cached query"}}))})};
}

struct CacheDeployment {
  explicit CacheDeployment(const std::string& store_url)
      : host(cache_replies(web), cache_tool_sections(web), kCacheTools, store_url) {}
  LocalWebServer web;
  WebToolsHost host;
};

// A turn whose one tool call must have succeeded; returns the turn for its cache counters.
FinishedTurn successful_turn(const CacheDeployment& deployment, const std::string& message) {
  FinishedTurn turn = run_turn_in_new_conversation(deployment.host.client(), message);
  EXPECT_EQ(turn.terminal_type(), "turn.completed") << turn.describe();
  EXPECT_EQ(text_of(turn.job["state"]), "succeeded") << turn.describe();
  const std::vector<SseEvent> results = turn.tool_results();
  EXPECT_EQ(results.size(), 1u) << turn.describe();
  if (!results.empty()) {
    EXPECT_TRUE(results[0].data["result"].is_object()) << turn.describe();
  }
  return turn;
}

} // namespace

void expect_repeated_fetch_served_from_cache(const std::string& store_url) {
  CacheDeployment deployment(store_url);
  ASSERT_TRUE(deployment.host.started()) << deployment.host.output();

  const FinishedTurn first = successful_turn(deployment, "cache-on please");
  EXPECT_EQ(deployment.web.requests_to("/page/cached"), 1u);
  EXPECT_GE(first.cache_count("tool.fetch_cached", "misses"), 1) << first.describe();
  const FinishedTurn second = successful_turn(deployment, "cache-on again");
  EXPECT_EQ(deployment.web.requests_to("/page/cached"), 1u) << "the second fetch must come from the cache";
  EXPECT_GE(second.cache_count("tool.fetch_cached", "hits"), 1) << second.describe();
  EXPECT_GE(second.job["result"]["cache"]["hits"].as_int(), 1) << "the turn's totals count the hit too";
  ASSERT_FALSE(first.tool_results().empty());
  ASSERT_FALSE(second.tool_results().empty());
  EXPECT_EQ(first.tool_results()[0].data["result"], second.tool_results()[0].data["result"])
      << "a cached fetch answers what the fetch answered";
  EXPECT_EQ(deployment.host.stop_host(), 0);
}

void expect_cache_survives_a_restart(const std::string& store_url) {
  CacheDeployment deployment(store_url);
  ASSERT_TRUE(deployment.host.started()) << deployment.host.output();

  successful_turn(deployment, "cache-on before the restart");
  ASSERT_TRUE(deployment.host.restart()) << deployment.host.output();
  const FinishedTurn after = successful_turn(deployment, "cache-on after the restart");
  EXPECT_EQ(deployment.web.requests_to("/page/cached"), 1u) << "the entry outlived the process";
  EXPECT_GE(after.cache_count("tool.fetch_cached", "hits"), 1) << after.describe();
  EXPECT_EQ(deployment.host.stop_host(), 0);
}

void expect_cache_off_fetches_every_time(const std::string& store_url) {
  CacheDeployment deployment(store_url);
  ASSERT_TRUE(deployment.host.started()) << deployment.host.output();

  successful_turn(deployment, "cache-off please");
  const FinishedTurn second = successful_turn(deployment, "cache-off again");
  EXPECT_EQ(deployment.web.requests_to("/page/uncached"), 2u);
  EXPECT_LE(second.cache_count("tool.fetch_uncached", "hits"), 0) << second.describe();
  EXPECT_EQ(deployment.host.stop_host(), 0);
}

void expect_expired_entry_fetched_again(const std::string& store_url) {
  CacheDeployment deployment(store_url);
  ASSERT_TRUE(deployment.host.started()) << deployment.host.output();

  // No "still fresh" check here: whether a second turn starts within one second depends on the
  // machine's load. That an entry serves a repeat is expect_repeated_fetch_served_from_cache's job;
  // this one shows the instance's cache is on (it counted a miss) and that its entries expire.
  const FinishedTurn first = successful_turn(deployment, "cache-ttl first");
  EXPECT_GE(first.cache_count("tool.fetch_short", "misses"), 1) << first.describe();
  EXPECT_EQ(deployment.web.requests_to("/page/short"), 1u);
  // Past the 1-second TTL with room for expiry times kept in whole seconds.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  const FinishedTurn expired = successful_turn(deployment, "cache-ttl again");
  EXPECT_EQ(deployment.web.requests_to("/page/short"), 2u) << "an expired entry is fetched again";
  EXPECT_GE(expired.cache_count("tool.fetch_short", "misses"), 1) << expired.describe();
  EXPECT_EQ(deployment.host.stop_host(), 0);
}

void expect_least_recently_used_evicted(const std::string& store_url) {
  CacheDeployment deployment(store_url);
  ASSERT_TRUE(deployment.host.started()) << deployment.host.output();

  std::int64_t evictions = 0;
  for (const char* message : {"lru-a first", "lru-b", "lru-a again"}) {
    const FinishedTurn turn = successful_turn(deployment, message);
    evictions += std::max<std::int64_t>(0, turn.cache_count("tool.fetch_small", "evictions"));
  }
  EXPECT_EQ(deployment.web.requests_to("/page/small-a"), 2u) << "B took A's only place";
  EXPECT_EQ(deployment.web.requests_to("/page/small-b"), 1u);
  EXPECT_GE(evictions, 1) << "the turns' job records report the eviction";
  EXPECT_EQ(deployment.host.stop_host(), 0);
}

void expect_repeated_search_served_from_cache(const std::string& store_url) {
  CacheDeployment deployment(store_url);
  ASSERT_TRUE(deployment.host.started()) << deployment.host.output();

  const FinishedTurn first = successful_turn(deployment, "cache-search one");
  const FinishedTurn second = successful_turn(deployment, "cache-search two");
  EXPECT_EQ(deployment.web.requests_to("/search"), 1u) << "the second search must come from the cache";
  EXPECT_GE(second.cache_count("tool.search_cached", "hits"), 1) << second.describe();
  ASSERT_FALSE(first.tool_results().empty());
  ASSERT_FALSE(second.tool_results().empty());
  EXPECT_EQ(first.tool_results()[0].data["result"], second.tool_results()[0].data["result"]);
  EXPECT_EQ(deployment.host.stop_host(), 0);
}

} // namespace agenthost::integration
