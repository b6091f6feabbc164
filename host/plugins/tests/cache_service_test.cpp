// The cache_get/cache_put host services over the operator's per-instance settings: ttl default
// and ceiling, `cache = off`, counters attributed to the running call (nested calls included),
// evictions, and a failing cache store that must never fail the plugin's call. The in-memory
// cache (a process without a store): each scope bounded by its instance's limits, least recently
// used first, under the cache-wide safety bound.
#include "plugins/cache_counters.hpp"
#include "plugins/cache_service.hpp"
#include "plugins/host_services.hpp"
#include "plugins/instance_set.hpp"
#include "config/config.hpp"
#include "plugins/ttl_cache.hpp"

#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

namespace agenthost::plugins {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

std::string cache_probe_path() { return std::string(TEST_PLUGIN_DIR) + "/cache_probe.so"; }

class CacheServiceTest : public ::testing::Test {
protected:
  CacheServiceTest() { cache_settings("tool.probe", config::CacheConfig{}); }

  // Registers `settings` for `section` (as instance_set does from the config), then (re)creates
  // the tool `probe` and the backend `cb`.
  void cache_settings(const std::string& section, const config::CacheConfig& settings) {
    services.cache_settings().set(section, settings);
    directory = std::make_unique<testing::TestDirectory>();
    directory->add(testing::create_instance(catalog, services, "cache_backend", "cb", {}, directory.get()));
    probe = testing::create_instance(catalog, services, "cache_probe", "probe", {}, directory.get());
  }

  std::string run(const json::Value& arguments, std::shared_ptr<CacheCounters> counters = nullptr) {
    CollectingSink sink;
    sink.set_cache_counters(std::move(counters));
    EXPECT_EQ(probe->invoke(sink, json::dump(arguments)), AH_OK) << sink.error_message();
    return sink.result();
  }
  std::string put(const std::string& key, int ttl = 0) {
    return run(json::Value::object({{"op", "put"}, {"key", key}, {"value", "v-" + key}, {"ttl", ttl}}));
  }
  std::string get(const std::string& key) { return run(json::Value::object({{"op", "get"}, {"key", key}})); }

  TtlCache::Clock::time_point now = TtlCache::Clock::time_point() + 1h;
  testing::CapturedLog log;
  Logger logger{LogLevel::debug, log.sink()};
  TtlCache cache{CacheLimits{}, [this] { return now; }};
  Metrics metrics;
  HostServices services{logger, cache, metrics, 10s};
  PluginCatalog catalog = PluginCatalog::from_files({cache_probe_path()});
  std::unique_ptr<testing::TestDirectory> directory;
  std::unique_ptr<Instance> probe;
};

TEST_F(CacheServiceTest, TheCacheTtlIsTheDefaultAndTheCeilingOfAPluginsTtl) {
  config::CacheConfig settings;
  settings.ttl_seconds = 30;
  cache_settings("tool.probe", settings);
  put("default", 0);
  put("longer", 60);
  put("shorter", 5);
  now += 5s;
  EXPECT_EQ(get("shorter"), "<miss>") << "a plugin's shorter ttl is kept";
  EXPECT_EQ(get("default"), "v-default");
  now += 24s;
  EXPECT_EQ(get("default"), "v-default");
  EXPECT_EQ(get("longer"), "v-longer");
  now += 1s;
  EXPECT_EQ(get("default"), "<miss>") << "ttl 0 means cache_ttl (30 s)";
  EXPECT_EQ(get("longer"), "<miss>") << "a plugin's 60 s is capped at cache_ttl (30 s)";
}

TEST_F(CacheServiceTest, OffStoresNothingAndCountsNothing) {
  config::CacheConfig off;
  off.enabled = false;
  cache_settings("tool.probe", off);
  auto counters = std::make_shared<CacheCounters>();
  EXPECT_EQ(run(json::Value::object({{"op", "fetch"}, {"key", "k"}}), counters), "miss");
  EXPECT_EQ(run(json::Value::object({{"op", "fetch"}, {"key", "k"}}), counters), "miss");
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_TRUE(counters->by_instance().empty());
  EXPECT_EQ(json::dump(counters->to_json()), R"({"hits":0,"misses":0,"evictions":0,"by_instance":{}})");
}

TEST_F(CacheServiceTest, HitsAndMissesCountOnTheRunningCallsCounters) {
  auto counters = std::make_shared<CacheCounters>();
  EXPECT_EQ(run(json::Value::object({{"op", "fetch"}, {"key", "k"}}), counters), "miss");
  EXPECT_EQ(run(json::Value::object({{"op", "fetch"}, {"key", "k"}}), counters), "hit:value-of-k");
  EXPECT_EQ(run(json::Value::object({{"op", "fetch"}, {"key", "k"}})), "hit:value-of-k")
      << "a call without counters still uses the cache";
  const CacheCount count = counters->by_instance().at("tool.probe");
  EXPECT_EQ(count.hits, 1u);
  EXPECT_EQ(count.misses, 1u);
  EXPECT_EQ(count.evictions, 0u);
}

TEST_F(CacheServiceTest, ANestedCallCountsOnItsParentsCounters) {
  auto counters = std::make_shared<CacheCounters>();
  EXPECT_EQ(run(json::Value::object({{"op", "nested"}, {"backend", "cb"}}), counters), "miss");
  EXPECT_EQ(run(json::Value::object({{"op", "nested"}, {"backend", "cb"}}), counters), "hit:value-of-backend");
  const auto by_instance = counters->by_instance();
  ASSERT_EQ(by_instance.count("backend.cb"), 1u) << json::dump(counters->to_json());
  EXPECT_EQ(by_instance.at("backend.cb").misses, 1u);
  EXPECT_EQ(by_instance.at("backend.cb").hits, 1u);
  EXPECT_EQ(by_instance.count("tool.probe"), 0u) << "the tool itself used no cache";
}

TEST(CacheServiceEvictions, EvictionsCountOnTheRunningCall) {
  testing::ServicesFixture fixture;
  TtlCache small(CacheLimits{2, 1 << 20});
  HostServices services(fixture.logger, small, fixture.metrics);
  const PluginCatalog catalog = PluginCatalog::from_files({cache_probe_path()});
  auto probe = testing::create_instance(catalog, services, "cache_probe", "probe");
  auto counters = std::make_shared<CacheCounters>();
  for (const char* key : {"a", "b", "c", "d"}) {
    CollectingSink sink;
    sink.set_cache_counters(counters);
    ASSERT_EQ(probe->invoke(sink, json::dump(json::Value::object({{"op", "fetch"}, {"key", key}}))), AH_OK);
  }
  EXPECT_EQ(counters->total().evictions, 2u);
  EXPECT_EQ(counters->total().misses, 4u);
  EXPECT_EQ(small.size(), 2u);
}

TEST_F(CacheServiceTest, AValueLargerThanTheInstancesMaxBytesIsNotStored) {
  config::CacheConfig tiny;
  tiny.max_bytes = 16;
  cache_settings("tool.probe", tiny);
  run(json::Value::object({{"op", "put"}, {"key", "k"}, {"value", std::string(64, 'x')}}));
  EXPECT_EQ(get("k"), "<miss>");
  EXPECT_EQ(cache.size(), 0u);
}

// A cache store that is down (the database went away).
class BrokenCache : public CacheService {
public:
  std::optional<std::string> get(const std::string&, std::string_view) override {
    throw std::runtime_error("database is locked");
  }
  std::size_t put(const std::string&, std::string_view, std::string_view, std::chrono::seconds,
                  const config::CacheConfig&) override {
    throw std::runtime_error("disk full");
  }
};

TEST_F(CacheServiceTest, AFailingCacheStoreIsAMissNeverAFailedCall) {
  BrokenCache broken;
  services.set_cache_service(&broken);
  auto counters = std::make_shared<CacheCounters>();
  EXPECT_EQ(run(json::Value::object({{"op", "fetch"}, {"key", "k"}}), counters), "miss");
  EXPECT_EQ(counters->total().misses, 1u);
  EXPECT_THAT(log.containing("cache_get answered a miss"), HasSubstr("database is locked"));
  EXPECT_THAT(log.containing("cache_put stored nothing"), HasSubstr("disk full"));
  services.set_cache_service(nullptr);
  put("k");
  EXPECT_EQ(get("k"), "v-k") << "null puts the in-memory cache back";
}

config::CacheConfig limited(std::size_t max_entries, std::size_t max_bytes = 1 << 20) {
  config::CacheConfig settings;
  settings.max_entries = max_entries;
  settings.max_bytes = max_bytes;
  return settings;
}

TEST(InMemoryCacheService, EachScopeIsBoundedByItsInstancesMaxEntriesLeastRecentlyUsedFirst) {
  TtlCache cache;
  InMemoryCacheService service(cache);
  const config::CacheConfig two = limited(2);
  EXPECT_EQ(service.put("tool.a", "1", "v", 60s, two), 0u);
  EXPECT_EQ(service.put("tool.a", "2", "v", 60s, two), 0u);
  EXPECT_EQ(service.get("tool.a", "1"), "v"); // 2 is now the least recently used
  EXPECT_EQ(service.put("tool.a", "3", "v", 60s, two), 1u);
  EXPECT_EQ(service.get("tool.a", "2"), std::nullopt);
  EXPECT_EQ(service.get("tool.a", "1"), "v");
  EXPECT_EQ(cache.size("tool.a"), 2u);
  for (const char* key : {"1", "2", "3"}) EXPECT_EQ(service.put("tool.b", key, "v", 60s, limited(10)), 0u);
  EXPECT_EQ(cache.size("tool.b"), 3u) << "tool.b has its own, larger limit";
}

TEST(InMemoryCacheService, EachScopeIsBoundedByItsInstancesMaxBytes) {
  TtlCache cache;
  InMemoryCacheService service(cache);
  const config::CacheConfig ten_bytes = limited(100, 10);
  service.put("tool.a", "k1", "123", 60s, ten_bytes); // 5 bytes
  service.put("tool.a", "k2", "123", 60s, ten_bytes); // 10 in all
  EXPECT_EQ(service.put("tool.a", "k3", "123", 60s, ten_bytes), 1u);
  EXPECT_EQ(service.get("tool.a", "k1"), std::nullopt);
  EXPECT_EQ(service.get("tool.a", "k3"), "123");
  EXPECT_EQ(service.put("tool.a", "k4", "far too long for ten bytes", 60s, ten_bytes), 0u);
  EXPECT_EQ(service.get("tool.a", "k4"), std::nullopt);
}

TEST(InMemoryCacheService, AScopeFillingUpNeverEvictsAnotherScopesEntries) {
  TtlCache cache(CacheLimits{5, 1 << 20});
  InMemoryCacheService service(cache);
  service.put("tool.b", "kept", "v", 60s, limited(10));
  for (int i = 0; i < 10; ++i) service.put("tool.a", std::to_string(i), "v", 60s, limited(2));
  EXPECT_EQ(service.get("tool.b", "kept"), "v");
  EXPECT_EQ(cache.size(), 3u);
}

TEST(InMemoryCacheService, TheCacheWideBoundEvictsTheLeastRecentlyUsedOfAllScopes) {
  TtlCache cache(CacheLimits{3, 1 << 20});
  InMemoryCacheService service(cache);
  const config::CacheConfig roomy = limited(10);
  service.put("tool.a", "1", "v", 60s, roomy);
  service.put("tool.b", "1", "v", 60s, roomy);
  service.put("tool.a", "2", "v", 60s, roomy);
  EXPECT_EQ(service.get("tool.a", "1"), "v"); // tool.b's entry is now the least recently used
  EXPECT_EQ(service.put("tool.b", "2", "v", 60s, roomy), 1u);
  EXPECT_EQ(service.get("tool.b", "1"), std::nullopt);
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.size("tool.a"), 2u);
}

TEST(InMemoryCacheService, ScopesNeverSeeEachOthersKeys) {
  TtlCache cache;
  InMemoryCacheService service(cache);
  service.put("a", "b:c", "first", 60s, limited(10));
  service.put("a:b", "c", "second", 60s, limited(10));
  EXPECT_EQ(service.get("a", "b:c"), "first");
  EXPECT_EQ(service.get("a:b", "c"), "second");
  EXPECT_EQ(service.get("a", "c"), std::nullopt);
}

TEST(CacheCounters, SumsSectionsIntoTheJobResultShape) {
  CacheCounters counters;
  counters.hit("tool.web");
  counters.miss("tool.web");
  counters.miss("tool.search");
  counters.evicted("tool.search", 3);
  counters.evicted("tool.other", 0);
  EXPECT_EQ(json::dump(counters.to_json()),
            R"({"hits":1,"misses":2,"evictions":3,"by_instance":{"tool.search":{"hits":0,"misses":1,"evictions":3},)"
            R"("tool.web":{"hits":1,"misses":1,"evictions":0}}})");
}

TEST(CacheCounters, ANestedSinkInheritsItsParentsCountersUnlessItHasItsOwn) {
  CollectingSink parent;
  auto counters = std::make_shared<CacheCounters>();
  parent.set_cache_counters(counters);
  CollectingSink child;
  child.follow(parent);
  EXPECT_EQ(child.cache_counters(), counters);
  auto own = std::make_shared<CacheCounters>();
  child.set_cache_counters(own);
  EXPECT_EQ(child.cache_counters(), own);
}

} // namespace
} // namespace agenthost::plugins

namespace agenthost::plugins {
namespace {

// The scope an instance's entries are stored under: its section plus a fingerprint of its
// component, plugin settings and egress policy, computed the same way by every start of the same
// config (a restart finds its entries; several hosts share them), different once what the
// answers depend on changes (an entry fetched under a wider egress must not be served after the
// operator narrowed it). The cache keys themselves (cache_ttl ...) leave it alone.
TEST(CacheScopes, FollowTheInstancesSettingsAndEgressNotItsCacheKeys) {
  const PluginCatalog catalog = PluginCatalog::from_files({cache_probe_path()});
  const auto scope_of = [&](const std::string& section_body) {
    const config::LoadResult loaded = config::load_config_text("[tool.probe]\nplugin = cache_probe\n" + section_body,
                                                               "scopes.conf", "/etc/agenthost",
                                                               config::fixed_environment({}));
    EXPECT_TRUE(loaded.errors.empty()) << config::format_errors(loaded.errors);
    testing::CapturedLog log;
    Logger logger{LogLevel::debug, log.sink()};
    TtlCache cache;
    Metrics metrics;
    HostServices services{logger, cache, metrics};
    const std::unique_ptr<InstanceSet> instances = create_configured_instances(catalog, loaded.config, services);
    return services.cache_settings().scope_of("tool.probe");
  };
  const std::string plain = scope_of("");
  EXPECT_EQ(plain.rfind("tool.probe#", 0), 0u) << plain;
  EXPECT_EQ(plain.size(), std::string("tool.probe#").size() + 16) << plain;
  EXPECT_EQ(scope_of(""), plain) << "the same config, the same scope";
  EXPECT_EQ(scope_of("cache_ttl = 60\ncache_max_entries = 5\n"), plain) << "cache keys do not change the answers";
  const std::string widened = scope_of("egress = allow:10.0.0.0/8\n");
  EXPECT_NE(widened, plain);
  EXPECT_NE(scope_of("egress = allow:10.0.0.0/16\n"), widened);
}

} // namespace
} // namespace agenthost::plugins
