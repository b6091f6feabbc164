#include "store/ids.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

namespace agenthost::store {
namespace {

TEST(Ids, HavePrefixAndTwentySixCrockfordCharacters) {
  const std::string id = new_id("cnv_");
  ASSERT_EQ(id.size(), 4U + 26U);
  EXPECT_EQ(id.substr(0, 4), "cnv_");
  for (char c : id.substr(4)) EXPECT_NE(std::string("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(c), std::string::npos) << c;
}

TEST(Ids, EncodeTimeFirstSoTheySortByTime) {
  EXPECT_EQ(make_id("", 0, 0, 0), std::string(26, '0'));
  EXPECT_EQ(make_id("", 1, 0, 0).substr(0, 10), "0000000001");
  EXPECT_EQ(make_id("", 0, 0, 1).substr(10), "0000000000000001");
  EXPECT_EQ(make_id("", 0, 0xFFFF, ~0ULL).substr(10), std::string(16, 'Z'));
  EXPECT_LT(make_id("x_", 1000, 0xFFFF, ~0ULL), make_id("x_", 1001, 0, 0));
}

TEST(Ids, AreStrictlyIncreasingWithinOneProcessEvenWithinAMillisecond) {
  std::string previous = new_id("m_");
  for (int i = 0; i < 100000; ++i) {
    std::string next = new_id("m_");
    ASSERT_LT(previous, next) << "at " << i;
    previous = std::move(next);
  }
}

TEST(Ids, AreUniqueAcrossThreads) {
  std::vector<std::vector<std::string>> made(4);
  std::vector<std::thread> threads;
  for (auto& out : made) {
    threads.emplace_back([&out] {
      for (int i = 0; i < 20000; ++i) out.push_back(new_id("t_"));
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> all;
  for (const auto& out : made) all.insert(out.begin(), out.end());
  EXPECT_EQ(all.size(), 80000U);
}

} // namespace
} // namespace agenthost::store
