// The turn scenarios on PostgreSQL: the same binary pointed at a schema of the test cluster (the
// `postgres` ctest fixture). Each database is created but not migrated: `serve` migrates it as it
// would a fresh deployment's.
#include "store/tests/test_database.hpp"
#include "turn_scenarios.hpp"

#include <gtest/gtest.h>

namespace agenthost::integration {
namespace {

std::string postgres_url(const store::testing::TestDatabase& database) { return database.options().postgres_url; }

TEST(TurnsOnPostgresql, StreamAToolCallOverSse) {
  const store::testing::TestDatabase database(store::Engine::postgresql, /*migrated=*/false);
  const ScratchDeployment deployment(turn_test_config(1, postgres_url(database)));
  RunningHost host = deployment.serve();
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  expect_streamed_tool_turn(TurnClient(host));
  EXPECT_EQ(stop(host), 0);
}

TEST(TurnsOnPostgresql, OneAtATimeAndCancelKeepsThePartialReply) {
  const store::testing::TestDatabase database(store::Engine::postgresql, /*migrated=*/false);
  expect_one_turn_at_a_time_and_cancel(postgres_url(database));
}

TEST(TurnsOnPostgresql, KillNineMidTurnThenRestartFailsTheTurnAndKeepsItsText) {
  const store::testing::TestDatabase database(store::Engine::postgresql, /*migrated=*/false);
  expect_kill_nine_mid_turn_recovery(postgres_url(database));
}

TEST(TurnsOnPostgresql, TwoThousandWatchersOnThirtyTwoHttpThreadsSeeATurn) {
  const store::testing::TestDatabase database(store::Engine::postgresql, /*migrated=*/false);
  expect_many_watchers_see_a_turn(postgres_url(database), 2000);
}

} // namespace
} // namespace agenthost::integration
