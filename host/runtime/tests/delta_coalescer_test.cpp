#include "runtime/delta_coalescer.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

namespace agenthost::runtime {
namespace {

using namespace std::chrono_literals;

struct Published {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> texts;

  DeltaCoalescer::Publish publisher() {
    return [this](const std::string& text) {
      std::lock_guard<std::mutex> lock(mutex);
      texts.push_back(text);
      changed.notify_all();
    };
  }
  std::vector<std::string> snapshot() {
    std::lock_guard<std::mutex> lock(mutex);
    return texts;
  }
  std::string joined() {
    std::string all;
    for (const std::string& text : snapshot()) all += text;
    return all;
  }
};

TEST(DeltaCoalescer, WithoutAWindowPublishesEveryDeltaAsItComes) {
  Published published;
  DeltaCoalescer deltas(0ms, published.publisher());
  deltas.add("Hello");
  deltas.add(" big");
  deltas.add(" world");
  EXPECT_EQ(published.snapshot(), (std::vector<std::string>{"Hello", " big", " world"}));
}

TEST(DeltaCoalescer, PublishesTheFirstDeltaAtOnceAndJoinsTheRestOfTheWindow) {
  Published published;
  DeltaCoalescer deltas(std::chrono::hours(1), published.publisher());
  deltas.add("Hello");
  EXPECT_EQ(published.snapshot(), (std::vector<std::string>{"Hello"})) << "time to first token is not delayed";
  deltas.add(" big");
  deltas.add(" world");
  EXPECT_EQ(published.snapshot().size(), 1u) << "the rest waits for the window";
  deltas.flush();
  EXPECT_EQ(published.snapshot(), (std::vector<std::string>{"Hello", " big world"}));
  deltas.flush();
  EXPECT_EQ(published.snapshot().size(), 2u) << "nothing pending, nothing published";
}

TEST(DeltaCoalescer, DestructionPublishesWhatIsPending) {
  Published published;
  {
    DeltaCoalescer deltas(std::chrono::hours(1), published.publisher());
    deltas.add("a");
    deltas.add("b");
  }
  EXPECT_EQ(published.joined(), "ab");
}

TEST(DeltaCoalescer, TheTimerPublishesAWindowsTextWithoutWaitingForAnotherDelta) {
  Published published;
  DeltaCoalescer deltas(5ms, published.publisher());
  deltas.add("first");
  deltas.add(" second");
  std::unique_lock<std::mutex> lock(published.mutex);
  const bool arrived = published.changed.wait_for(lock, 10s, [&] {
    std::string all;
    for (const std::string& text : published.texts) all += text;
    return all == "first second";
  });
  EXPECT_TRUE(arrived) << "the pending text was never published by the timer";
}

TEST(DeltaCoalescer, TextIsNeitherLostNorRepeatedUnderManySmallDeltas) {
  Published published;
  std::string expected;
  {
    DeltaCoalescer deltas(1ms, published.publisher());
    for (int i = 0; i < 2000; ++i) {
      const std::string piece = " " + std::to_string(i);
      expected += piece;
      deltas.add(piece);
    }
  }
  EXPECT_EQ(published.joined(), expected);
}

TEST(DeltaCoalescer, APublishFailureIsReportedAndLaterTextStillGoesOut) {
  std::vector<std::string> texts;
  bool fail_next = true;
  DeltaCoalescer deltas(0ms, [&](const std::string& text) {
    if (fail_next) {
      fail_next = false;
      throw std::runtime_error("store down");
    }
    texts.push_back(text);
  });
  deltas.add("lost");
  deltas.add("kept");
  EXPECT_TRUE(deltas.failed());
  EXPECT_EQ(texts, (std::vector<std::string>{"kept"}));
}

} // namespace
} // namespace agenthost::runtime
