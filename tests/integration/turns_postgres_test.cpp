// The streamed turn with a tool call on PostgreSQL: the same binary pointed at a schema of the
// test cluster (the `postgres` ctest fixture).
#include "store/tests/test_database.hpp"
#include "turn_scenarios.hpp"

#include <gtest/gtest.h>

namespace agenthost::integration {
namespace {

TEST(TurnsOnPostgresql, StreamAToolCallOverSse) {
  // Created but not migrated: `serve` migrates it as it would a fresh deployment's database.
  const store::testing::TestDatabase database(store::Engine::postgresql, /*migrated=*/false);
  const ScratchDeployment deployment(turn_test_config(1, database.options().postgres_url));
  RunningHost host = deployment.serve();
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  expect_streamed_tool_turn(TurnClient(host));
  EXPECT_EQ(stop(host), 0);
}

} // namespace
} // namespace agenthost::integration
