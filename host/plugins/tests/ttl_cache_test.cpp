#include "plugins/ttl_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace agenthost::plugins {
namespace {

using namespace std::chrono_literals;

// A clock the test moves by hand.
struct ManualClock {
  TtlCache::Clock::time_point now = TtlCache::Clock::time_point() + 1h;
  TtlCache::Now function() {
    return [this] { return now; };
  }
};

TEST(TtlCache, ReturnsWhatWasStoredAndMissesWhatWasNot) {
  ManualClock clock;
  TtlCache cache({}, clock.function());
  cache.put("k", "v", 10s);
  EXPECT_EQ(cache.get("k"), "v");
  EXPECT_EQ(cache.get("other"), std::nullopt);
  cache.put("k", "replaced", 10s);
  EXPECT_EQ(cache.get("k"), "replaced");
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.bytes(), std::string("k").size() + std::string("replaced").size());
}

TEST(TtlCache, EntriesExpireAtTheirTtl) {
  ManualClock clock;
  TtlCache cache({}, clock.function());
  cache.put("short", "1", 5s);
  cache.put("long", "2", 60s);
  clock.now += 4999ms;
  EXPECT_EQ(cache.get("short"), "1");
  clock.now += 1ms;
  EXPECT_EQ(cache.get("short"), std::nullopt);
  EXPECT_EQ(cache.get("long"), "2");
  EXPECT_EQ(cache.size(), 1u) << "an expired entry is dropped when found expired";
}

TEST(TtlCache, ANonPositiveTtlStoresNothingAndDropsTheOldValue) {
  ManualClock clock;
  TtlCache cache({}, clock.function());
  cache.put("k", "old", 10s);
  cache.put("k", "new", 0s);
  EXPECT_EQ(cache.get("k"), std::nullopt);
  cache.put("k", "new", -1s);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(TtlCache, EvictsTheLeastRecentlyUsedEntryWhenFull) {
  ManualClock clock;
  TtlCache cache(CacheLimits{3, 1 << 20}, clock.function());
  cache.put("a", "1", 60s);
  cache.put("b", "2", 60s);
  cache.put("c", "3", 60s);
  ASSERT_EQ(cache.get("a"), "1"); // now b is the least recently used
  cache.put("d", "4", 60s);
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.get("b"), std::nullopt);
  EXPECT_EQ(cache.get("a"), "1");
  EXPECT_EQ(cache.get("c"), "3");
  EXPECT_EQ(cache.get("d"), "4");
}

TEST(TtlCache, EvictsByBytesToo) {
  ManualClock clock;
  TtlCache cache(CacheLimits{100, 10}, clock.function());
  cache.put("a", "1234", 60s); // 5 bytes
  cache.put("b", "1234", 60s); // 10 bytes: at the limit
  EXPECT_EQ(cache.size(), 2u);
  cache.put("c", "12", 60s); // 13 bytes: "a" must go
  EXPECT_EQ(cache.get("a"), std::nullopt);
  EXPECT_EQ(cache.get("b"), "1234");
  EXPECT_EQ(cache.get("c"), "12");
  EXPECT_EQ(cache.bytes(), 8u);
}

TEST(TtlCache, AnEntryLargerThanTheWholeCacheIsNotStored) {
  ManualClock clock;
  TtlCache cache(CacheLimits{100, 10}, clock.function());
  cache.put("k", "small", 60s);
  cache.put("k", "far too large for this cache", 60s);
  EXPECT_EQ(cache.get("k"), std::nullopt) << "the stale small value must not survive";
  cache.put("other", "x", 60s);
  EXPECT_EQ(cache.get("other"), "x");
}

TEST(TtlCache, EraseRemovesOneKey) {
  TtlCache cache;
  cache.put("a", "1", 60s);
  cache.put("b", "2", 60s);
  cache.erase("a");
  cache.erase("missing");
  EXPECT_EQ(cache.get("a"), std::nullopt);
  EXPECT_EQ(cache.get("b"), "2");
  EXPECT_EQ(cache.bytes(), 2u);
}

TEST(TtlCache, StaysConsistentUnderConcurrentUse) {
  TtlCache cache(CacheLimits{50, 1 << 20});
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string key = std::to_string(t) + ":" + std::to_string(i % 80);
        cache.put(key, key, 60s);
        const auto value = cache.get(key);
        if (value && *value != key) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(cache.size(), 50u);
}

} // namespace
} // namespace agenthost::plugins
