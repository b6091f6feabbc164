// The host cache behind web_fetch on PostgreSQL: the store-backed cache (migration 6,
// cache_entries) serves a repeated fetch from the same binary pointed at a schema of the test
// cluster (the `postgres` ctest fixture), migrated by `serve` as a fresh deployment's would be.
#include "store/tests/test_database.hpp"
#include "web_cache_scenarios.hpp"

#include <gtest/gtest.h>

namespace agenthost::integration {
namespace {

TEST(WebToolsCacheOnPostgresql, RepeatedFetchIsServedFromTheCache) {
  const store::testing::TestDatabase database(store::Engine::postgresql, /*migrated=*/false);
  expect_repeated_fetch_served_from_cache(database.options().postgres_url);
}

TEST(WebToolsCacheOnPostgresql, LeastRecentlyUsedEntryIsEvicted) {
  const store::testing::TestDatabase database(store::Engine::postgresql, /*migrated=*/false);
  expect_least_recently_used_evicted(database.options().postgres_url);
}

} // namespace
} // namespace agenthost::integration
