#include "common/error.hpp"
#include "events/event_log.hpp"
#include "store/tests/test_database.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace agenthost::events {
namespace {

using store::Engine;
using store::testing::TestDatabase;

class EventLogTest : public ::testing::TestWithParam<Engine> {
protected:
  TestDatabase scratch{GetParam()};
  EventLog log{scratch.database()};
};

TEST_P(EventLogTest, AppendHandsOutIncreasingSeqPerStream) {
  EXPECT_EQ(log.last_seq("conv_a"), 0);
  EXPECT_EQ(log.append("conv_a", "job_1", "turn.started", "{}").seq, 1);
  EXPECT_EQ(log.append("conv_a", "job_1", "message.delta", R"({"text":"hi"})").seq, 2);
  EXPECT_EQ(log.append("conv_b", "job_2", "turn.started", "{}").seq, 1);
  EXPECT_EQ(log.last_seq("conv_a"), 2);
  EXPECT_EQ(log.last_seq("conv_b"), 1);
}

TEST_P(EventLogTest, ReadAfterReturnsLaterEventsOldestFirstWithEveryField) {
  for (int i = 0; i < 5; ++i) log.append("conv", "job_1", "message.delta", R"({"text":")" + std::to_string(i) + "\"}");
  const auto events = log.read_after("conv", 2, 100);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].seq, 3);
  EXPECT_EQ(events[2].seq, 5);
  EXPECT_EQ(events[0].stream_id, "conv");
  EXPECT_EQ(events[0].job_id, "job_1");
  EXPECT_EQ(events[0].type, "message.delta");
  EXPECT_EQ(events[0].data_json, R"({"text":"2"})");
  EXPECT_GT(events[0].created_at, 0);
  EXPECT_EQ(log.read_after("conv", 0, 2).size(), 2u);
  EXPECT_TRUE(log.read_after("conv", 5, 10).empty());
  EXPECT_TRUE(log.read_after("other", 0, 10).empty());
}

TEST_P(EventLogTest, RejectsDataThatIsNotAOneLineObject) {
  EXPECT_THROW(log.append("conv", "job", "x", "[1]"), Error);
  EXPECT_THROW(log.append("conv", "job", "x", "{\"a\":\n1}"), Error);
  EXPECT_THROW(log.append("conv", "job", "x", ""), Error);
  EXPECT_EQ(log.last_seq("conv"), 0) << "a rejected event must not consume a seq";
}

TEST_P(EventLogTest, SubscribersGetCommittedEventsOfTheirStreamOnly) {
  std::vector<Event> seen;
  auto subscription = log.subscribe("conv", [&](const Event& event) {
    // Committed before delivery: a reader of the store already sees it.
    EXPECT_EQ(log.last_seq("conv"), event.seq);
    seen.push_back(event);
  });
  log.append("conv", "job", "turn.started", "{}");
  log.append("elsewhere", "job", "turn.started", "{}");
  log.append("conv", "job", "turn.completed", R"({"usage":{}})");
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].seq, 1);
  EXPECT_EQ(seen[1].type, "turn.completed");
  EXPECT_EQ(seen[1].data_json, R"({"usage":{}})");
}

TEST_P(EventLogTest, DestroyedSubscriptionStopsDelivery) {
  int calls = 0;
  {
    auto subscription = log.subscribe("conv", [&](const Event&) { ++calls; });
    EXPECT_EQ(log.subscriber_count("conv"), 1u);
    log.append("conv", "job", "a", "{}");
  }
  EXPECT_EQ(log.subscriber_count("conv"), 0u);
  log.append("conv", "job", "b", "{}");
  EXPECT_EQ(calls, 1);

  auto moved_from = log.subscribe("conv", [&](const Event&) { ++calls; });
  EventLog::Subscription holder = std::move(moved_from);
  EXPECT_FALSE(moved_from.active());
  holder.reset();
  log.append("conv", "job", "c", "{}");
  EXPECT_EQ(calls, 1);
}

TEST_P(EventLogTest, ThrowingSubscriberDoesNotFailTheAppendOrOtherSubscribers) {
  int calls = 0;
  auto bad = log.subscribe("conv", [](const Event&) { throw std::runtime_error("boom"); });
  auto good = log.subscribe("conv", [&](const Event&) { ++calls; });
  EXPECT_EQ(log.append("conv", "job", "a", "{}").seq, 1);
  EXPECT_EQ(calls, 1);
}

// Concurrent appenders of one stream: every seq handed out once, and each subscriber sees them
// in increasing order (watchers drop duplicates by seq, so out-of-order delivery would lose one).
TEST_P(EventLogTest, ConcurrentAppendersDeliverEverySeqOnceInOrder) {
  std::mutex mutex;
  std::vector<std::int64_t> delivered;
  auto subscription = log.subscribe("conv", [&](const Event& event) {
    std::lock_guard<std::mutex> lock(mutex);
    delivered.push_back(event.seq);
  });
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) log.append("conv", "job", "message.delta", R"({"text":"x"})");
    });
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(delivered.size(), static_cast<std::size_t>(kThreads * kEach));
  for (std::size_t i = 0; i < delivered.size(); ++i) EXPECT_EQ(delivered[i], static_cast<std::int64_t>(i + 1));
  EXPECT_EQ(log.last_seq("conv"), kThreads * kEach);
}

TEST_P(EventLogTest, DeleteOlderThanKeepsNewerEventsAndTheSeqCounter) {
  log.append("conv", "job", "a", "{}");
  log.append("conv", "job", "b", "{}");
  {
    // Age the first event by an hour.
    store::Connection connection = scratch.database().connect();
    connection.execute("UPDATE events SET created_at = created_at - 3600000 WHERE seq = 1");
  }
  const std::int64_t cutoff = log.read_after("conv", 1, 1).at(0).created_at - 1000;
  EXPECT_EQ(log.delete_older_than(cutoff), 1u);
  const auto left = log.read_after("conv", 0, 10);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].seq, 2);
  EXPECT_EQ(log.append("conv", "job", "c", "{}").seq, 3) << "seq must not restart after cleanup";
}

INSTANTIATE_TEST_SUITE_P(Engines, EventLogTest, store::testing::both_engines(), store::testing::engine_name);

} // namespace
} // namespace agenthost::events
