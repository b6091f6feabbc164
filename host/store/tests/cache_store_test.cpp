// The host cache in the store (migration 6), on both engines: hit and miss, expiry, LRU eviction
// by entries and by bytes, a hit changing what is evicted, a value too big to store, binary
// values, scopes kept apart, and long keys.
#include "store/cache_store.hpp"
#include "store/tests/test_database.hpp"

#include <gtest/gtest.h>

#include <string>

namespace agenthost::store {
namespace {

using testing::TestDatabase;

constexpr std::int64_t kMinute = 60 * 1000;

class CacheStoreTest : public ::testing::TestWithParam<Engine> {
protected:
  std::size_t put(const std::string& key, const std::string& value, CacheLimits limits = {},
                  std::int64_t ttl_ms = kMinute) {
    return cache.put("tool.web", key, value, ttl_ms, limits);
  }
  std::optional<std::string> get(const std::string& key) { return cache.get("tool.web", key); }

  TestDatabase scratch{GetParam()};
  std::int64_t now = 1'800'000'000'000;
  CacheStore cache{scratch.database(), [this] { return now; }};
};

TEST_P(CacheStoreTest, ReturnsWhatWasStoredAndMissesWhatWasNot) {
  EXPECT_EQ(put("https://example.com/a", "page a"), 0u);
  EXPECT_EQ(get("https://example.com/a"), "page a");
  EXPECT_EQ(get("https://example.com/b"), std::nullopt);
  put("https://example.com/a", "replaced");
  EXPECT_EQ(get("https://example.com/a"), "replaced");
  EXPECT_EQ(cache.usage("tool.web").entries, 1);
  EXPECT_EQ(cache.usage("tool.web").bytes,
            static_cast<std::int64_t>(std::string("https://example.com/a").size() + std::string("replaced").size()));
}

TEST_P(CacheStoreTest, ScopesAreKeptApart) {
  put("k", "web");
  cache.put("tool.search", "k", "search", kMinute, {});
  EXPECT_EQ(get("k"), "web");
  EXPECT_EQ(cache.get("tool.search", "k"), "search");
  EXPECT_EQ(cache.get("tool.other", "k"), std::nullopt);
}

TEST_P(CacheStoreTest, AnExpiredEntryIsAMissAndIsDeleted) {
  put("short", "1", {}, 5000);
  put("long", "2", {}, kMinute);
  now += 4999;
  EXPECT_EQ(get("short"), "1");
  now += 1;
  EXPECT_EQ(get("short"), std::nullopt);
  EXPECT_EQ(get("long"), "2");
  EXPECT_EQ(cache.usage("tool.web").entries, 1) << "the expired row is deleted when found";
}

TEST_P(CacheStoreTest, APutRemovesTheScopesExpiredRowsWithoutCountingThemAsEvictions) {
  put("a", "1", {}, 1000);
  put("b", "2", {}, 1000);
  now += 2000;
  EXPECT_EQ(put("c", "3", CacheLimits{2, 1 << 20}), 0u);
  EXPECT_EQ(cache.usage("tool.web").entries, 1);
}

TEST_P(CacheStoreTest, EvictsTheLeastRecentlyUsedEntryWhenOverMaxEntries) {
  const CacheLimits three{3, 1 << 20};
  for (const char* key : {"a", "b", "c"}) {
    EXPECT_EQ(put(key, "v", three), 0u);
    now += 1000;
  }
  EXPECT_EQ(put("d", "v", three), 1u);
  EXPECT_EQ(get("a"), std::nullopt) << "a was the least recently used";
  EXPECT_EQ(get("b"), "v");
  EXPECT_EQ(cache.usage("tool.web").entries, 3);
}

TEST_P(CacheStoreTest, AHitMakesAnEntryRecentlyUsed) {
  const CacheLimits three{3, 1 << 20};
  for (const char* key : {"a", "b", "c"}) {
    put(key, "v", three);
    now += 1000;
  }
  EXPECT_EQ(get("a"), "v"); // a is now the most recently used
  now += 1000;
  EXPECT_EQ(put("d", "v", three), 1u);
  EXPECT_EQ(get("a"), "v");
  EXPECT_EQ(get("b"), std::nullopt) << "b became the least recently used";
}

TEST_P(CacheStoreTest, EvictsByBytesToo) {
  const CacheLimits ten_bytes{100, 10};
  put("a", "1234", ten_bytes); // 5 bytes
  now += 1000;
  put("b", "1234", ten_bytes); // 10 bytes in all
  now += 1000;
  EXPECT_EQ(put("c", "12345678", ten_bytes), 2u) << "9 bytes fit only alone";
  EXPECT_EQ(get("c"), "12345678");
  EXPECT_EQ(get("a"), std::nullopt);
  EXPECT_EQ(get("b"), std::nullopt);
}

TEST_P(CacheStoreTest, AValueLargerThanMaxBytesIsNotStoredAndDropsTheOldOne) {
  put("k", "small", CacheLimits{100, 10});
  EXPECT_EQ(put("k", "far too large for the scope", CacheLimits{100, 10}), 0u);
  EXPECT_EQ(get("k"), std::nullopt);
  EXPECT_EQ(cache.usage("tool.web").entries, 0);
}

TEST_P(CacheStoreTest, BinaryValuesAndLongKeysRoundTrip) {
  std::string binary;
  for (int i = 0; i < 256; ++i) binary.push_back(static_cast<char>(i));
  binary += std::string("\0\xff\xfe", 3);
  const std::string long_key = "https://example.com/search?q=" + std::string(5000, 'x');
  put(long_key, binary);
  EXPECT_EQ(get(long_key), binary);
  EXPECT_EQ(get(long_key + "y"), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(Engines, CacheStoreTest, testing::both_engines(), testing::engine_name);

} // namespace
} // namespace agenthost::store
