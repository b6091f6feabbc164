#include "common/error.hpp"
#include "events/cleanup_job.hpp"
#include "store/tests/test_database.hpp"

#include <gtest/gtest.h>

namespace agenthost::events {
namespace {

using store::Engine;
using store::testing::TestDatabase;

class CleanupJobTest : public ::testing::TestWithParam<Engine> {
protected:
  TestDatabase scratch{GetParam()};
  EventLog log{scratch.database()};
};

TEST_P(CleanupJobTest, DeletesOnlyEventsOlderThanTheTtl) {
  const Event old_event = log.append("conv", "job", "turn.started", "{}");
  const Event fresh = log.append("conv", "job", "turn.completed", "{}");
  {
    store::Connection connection = scratch.database().connect();
    connection.execute("UPDATE events SET created_at = ? WHERE seq = 1", {old_event.created_at - 7200 * 1000});
  }
  // "Now" is the fresh event's time: the old one is two hours old, the ttl one hour.
  CleanupJob job(log, std::chrono::seconds(3600), nullptr, [&] { return fresh.created_at; });
  queue::JobRecord record;
  record.id = "job_cleanup";
  record.type = kCleanupJobType;
  queue::JobContext context(record, nullptr);
  const queue::JobOutcome outcome = job.run(context);
  EXPECT_EQ(outcome.kind, queue::JobOutcome::Kind::succeeded);
  EXPECT_NE(outcome.result_json.find("\"deleted\":1"), std::string::npos) << outcome.result_json;
  const auto left = log.read_after("conv", 0, 10);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].seq, 2);
}

TEST(CleanupJobConfig, RejectsANonPositiveTtl) {
  TestDatabase scratch(Engine::sqlite);
  EventLog log(scratch.database());
  EXPECT_THROW(CleanupJob(log, std::chrono::seconds(0), nullptr), agenthost::Error);
}

INSTANTIATE_TEST_SUITE_P(Engines, CleanupJobTest, store::testing::both_engines(), store::testing::engine_name);

} // namespace
} // namespace agenthost::events
