// The host cache in the store (migration 6), on both engines: hit and miss, expiry, LRU eviction
// by entries and by bytes, a hit changing what is evicted (exactly, even within a millisecond
// of a put), what a hit and a put cost in statements, another process's puts and hits, a value
// too big to store, binary values, scopes kept apart, and long keys.
#include "store/cache_store.hpp"
#include "store/query_counter.hpp"
#include "store/tests/test_database.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

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

TEST_P(CacheStoreTest, AHitWithinASecondOfTheLastUseStillChangesWhatIsEvicted) {
  const CacheLimits three{3, 1 << 20};
  for (const char* key : {"a", "b", "c"}) {
    put(key, "v", three);
    now += 1; // a millisecond apart
  }
  EXPECT_EQ(get("a"), "v");
  now += 1;
  EXPECT_EQ(put("d", "v", three), 1u);
  EXPECT_EQ(get("a"), "v") << "a was used after b and c";
  EXPECT_EQ(get("b"), std::nullopt) << "b was the least recently used";
}

TEST_P(CacheStoreTest, AnEntryInConstantUseSurvivesAScopeRefilledManyTimesASecond) {
  const CacheLimits three{3, 1 << 20};
  put("hot", "v", three);
  for (int i = 0; i < 30; ++i) {
    now += 5;
    put("cold-" + std::to_string(i), "v", three);
    now += 5;
    ASSERT_EQ(get("hot"), "v") << "evicted after " << i + 1 << " puts";
  }
  EXPECT_EQ(cache.usage("tool.web").entries, 3);
}

TEST_P(CacheStoreTest, AHitIsOneSelectAndWritesNothing) {
  put("k", "v");
  now += 10 * 1000;
  const StatementCount statements;
  EXPECT_EQ(get("k"), "v");
  EXPECT_EQ(statements.so_far(), 1u);
}

TEST_P(CacheStoreTest, APutIntoAScopeWellUnderItsLimitsIsOneStatement) {
  const auto statements_of_put = [&](const std::string& key) {
    const StatementCount statements;
    put(key, "v");
    return statements.so_far();
  };
  EXPECT_EQ(statements_of_put("a"), 3u) << "the scope's first put reads its totals: upsert, expiry sweep, COUNT/SUM";
  now += 1;
  EXPECT_EQ(statements_of_put("b"), 1u) << "the upsert alone";
  EXPECT_EQ(get("a"), "v");
  EXPECT_EQ(statements_of_put("c"), 2u) << "the remembered hit, then the upsert";
  now += 1000;
  EXPECT_EQ(statements_of_put("d"), 3u) << "a second later the totals are read again";
}

TEST_P(CacheStoreTest, AnotherProcesssPutsAreSeenAtTheNextCheck) {
  const std::unique_ptr<Database> other_database = scratch.open_another();
  CacheStore other(*other_database, [this] { return now; });
  const CacheLimits three{3, 1 << 20};
  put("a", "v", three);
  put("b", "v", three);
  for (const char* key : {"c", "d", "e"}) other.put("tool.web", key, "v", kMinute, three);
  EXPECT_EQ(cache.usage("tool.web").entries, 3) << "the other process saw the scope full";
  now += 1000;
  EXPECT_EQ(put("f", "v", three), 1u) << "this process re-reads the totals a second later";
  EXPECT_EQ(cache.usage("tool.web").entries, 3);
}

TEST_P(CacheStoreTest, HitsReachOtherProcessesAtTheScopesNextPutOrFiveSecondsLater) {
  const std::unique_ptr<Database> other_database = scratch.open_another();
  CacheStore other(*other_database, [this] { return now; });
  const CacheLimits three{3, 1 << 20};
  for (const char* key : {"a", "b", "c"}) {
    put(key, "v", three);
    now += 1;
  }
  EXPECT_EQ(get("a"), "v"); // remembered here only
  now += 5000;
  EXPECT_EQ(get("c"), "v"); // a's hit has waited five seconds: both are written
  EXPECT_EQ(other.put("tool.web", "d", "v", kMinute, three), 1u);
  EXPECT_EQ(get("b"), std::nullopt) << "the other process evicted b, the one entry not used";
  EXPECT_EQ(get("a"), "v");
  EXPECT_EQ(get("c"), "v");
}

TEST_P(CacheStoreTest, FlushTouchesWritesEveryRememberedHit) {
  const std::unique_ptr<Database> other_database = scratch.open_another();
  CacheStore other(*other_database, [this] { return now; });
  const CacheLimits two{2, 1 << 20};
  put("a", "v", two);
  now += 1;
  put("b", "v", two);
  now += 1;
  EXPECT_EQ(get("a"), "v");
  cache.flush_touches();
  EXPECT_EQ(other.put("tool.web", "c", "v", kMinute, two), 1u);
  EXPECT_EQ(get("a"), "v");
  EXPECT_EQ(get("b"), std::nullopt);
}

TEST_P(CacheStoreTest, ConcurrentPutsAndHitsKeepTheScopeWithinItsLimits) {
  CacheStore real_clock(scratch.database());
  const CacheLimits twenty{20, 1 << 20};
  std::vector<std::thread> workers;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    workers.emplace_back([&, t] {
      try {
        for (int i = 0; i < 40; ++i) {
          real_clock.put("tool.web", std::to_string(t) + "-" + std::to_string(i), "v", kMinute, twenty);
          real_clock.get("tool.web", std::to_string(t) + "-0");
        }
      } catch (const std::exception&) {
        ++failures;
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(real_clock.usage("tool.web").entries, 20);
}

TEST(PendingCacheTouches, KeepsTheLatestHitPerEntryAndHandsEverythingBackWhenOverItsBound) {
  PendingCacheTouches pending(5000, 3);
  EXPECT_TRUE(pending.record("tool.web", "h1", 10).empty());
  EXPECT_TRUE(pending.record("tool.web", "h1", 20).empty());
  EXPECT_TRUE(pending.record("tool.web", "h2", 30).empty());
  EXPECT_TRUE(pending.record("tool.search", "h3", 40).empty());
  EXPECT_EQ(pending.size(), 3u);
  const CacheTouchBatch all = pending.record("tool.search", "h4", 50);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(pending.size(), 0u);
  for (const auto& [scope, touches] : all) {
    if (scope == "tool.web") {
      EXPECT_EQ(touches.at("h1"), 20);
      EXPECT_EQ(touches.size(), 2u);
    } else {
      EXPECT_EQ(touches.size(), 2u);
    }
  }
}

// What an instance stored under an earlier fingerprint of its settings goes at start; its current
// scope, other sections and a section whose name merely starts the same ("tool.web_x") stay.
TEST_P(CacheStoreTest, DropScopesExceptKeepsTheCurrentScopeAndOtherSections) {
  for (const char* scope : {"tool.web#0000000000000001", "tool.web#0000000000000002", "tool.web_x#0000000000000001",
                            "tool.search#0000000000000001"})
    cache.put(scope, "k", "v", kMinute, {});
  EXPECT_EQ(cache.drop_scopes_except("tool.web#", "tool.web#0000000000000002"), 1);
  EXPECT_EQ(cache.get("tool.web#0000000000000001", "k"), std::nullopt);
  EXPECT_EQ(cache.get("tool.web#0000000000000002", "k"), "v");
  EXPECT_EQ(cache.get("tool.web_x#0000000000000001", "k"), "v") << "'_' is no wildcard here";
  EXPECT_EQ(cache.get("tool.search#0000000000000001", "k"), "v");
}

INSTANTIATE_TEST_SUITE_P(Engines, CacheStoreTest, testing::both_engines(), testing::engine_name);

} // namespace
} // namespace agenthost::store
