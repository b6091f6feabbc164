#include "runtime/retry_after.hpp"

#include <gtest/gtest.h>

namespace agenthost::runtime {
namespace {

using std::chrono::milliseconds;

// 2015-10-21T07:28:00Z, the date of RFC 9110's Retry-After example.
const std::chrono::system_clock::time_point kNow = std::chrono::system_clock::time_point(std::chrono::seconds(1445412480));

TEST(RetryAfterMs, ReadsMillisecondsAndRoundsFractionsUp) {
  EXPECT_EQ(parse_retry_after_ms("250"), milliseconds(250));
  EXPECT_EQ(parse_retry_after_ms(" 0 "), milliseconds(0));
  EXPECT_EQ(parse_retry_after_ms("12.2"), milliseconds(13));
}

TEST(RetryAfterMs, MalformedValuesCountAsAbsent) {
  EXPECT_EQ(parse_retry_after_ms(""), std::nullopt);
  EXPECT_EQ(parse_retry_after_ms("-5"), std::nullopt);
  EXPECT_EQ(parse_retry_after_ms("1e3"), std::nullopt);
  EXPECT_EQ(parse_retry_after_ms("soon"), std::nullopt);
  EXPECT_EQ(parse_retry_after_ms("."), std::nullopt);
}

TEST(RetryAfter, ReadsDeltaSeconds) {
  EXPECT_EQ(parse_retry_after("120", kNow), milliseconds(120000));
  EXPECT_EQ(parse_retry_after("0", kNow), milliseconds(0));
  EXPECT_EQ(parse_retry_after("1.5", kNow), milliseconds(1500));
}

TEST(RetryAfter, ReadsAnImfFixdateRelativeToNow) {
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", kNow), milliseconds(30000));
}

TEST(RetryAfter, ReadsTheObsoleteDateForms) {
  EXPECT_EQ(parse_retry_after("Wednesday, 21-Oct-15 07:29:00 GMT", kNow), milliseconds(60000));
  EXPECT_EQ(parse_retry_after("Wed Oct 21 07:28:10 2015", kNow), milliseconds(10000));
}

TEST(RetryAfter, ADateInThePastMeansNow) {
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", kNow), milliseconds(0));
}

TEST(RetryAfter, MalformedValuesCountAsAbsent) {
  EXPECT_EQ(parse_retry_after("", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("later", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("12abc", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT and more", kNow), std::nullopt);
  EXPECT_EQ(parse_retry_after("Wed, 21 Foo 2015 07:28:30 GMT", kNow), std::nullopt);
}

TEST(RequestedRetryWait, PrefersMillisecondsOverSeconds) {
  EXPECT_EQ(requested_retry_wait(std::string("1500"), std::string("2"), kNow), milliseconds(1500));
}

TEST(RequestedRetryWait, FallsBackToRetryAfterWhenMillisecondsAreMalformed) {
  EXPECT_EQ(requested_retry_wait(std::string("x"), std::string("2"), kNow), milliseconds(2000));
}

TEST(RequestedRetryWait, NoHeadersNoWait) {
  EXPECT_EQ(requested_retry_wait(std::nullopt, std::nullopt, kNow), std::nullopt);
}

} // namespace
} // namespace agenthost::runtime
