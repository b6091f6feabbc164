// The clock tool's answer at fixed instants. Expected values come from `date` (GNU coreutils,
// reading the same tzdata), not from this code.
#include "../clock_result.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace {

using agenthost::json::Value;
using clock_tool::describe_instant;
using clock_tool::ZoneDatabase;

const ZoneDatabase& system_zones() {
  static const ZoneDatabase zones("/usr/share/zoneinfo");
  return zones;
}

TEST(DescribeInstant, WinterInBerlinHasEveryFieldInOrder) {
  const Value result = describe_instant(system_zones(), "Europe/Berlin", 1795925520);
  EXPECT_EQ(agenthost::json::dump(result),
            R"({"timezone":"Europe/Berlin","iso8601":"2026-11-29T05:12:00+01:00","date":"2026-11-29",)"
            R"("time":"05:12:00","weekday":"Sunday","utc_offset":"+01:00","abbreviation":"CET",)"
            R"("is_dst":false,"unix":1795925520})");
}

TEST(DescribeInstant, SummerTimeIsMarkedAsDst) {
  const Value result = describe_instant(system_zones(), "Europe/Berlin", 1782900000);
  EXPECT_EQ(result["iso8601"], Value("2026-07-01T12:00:00+02:00"));
  EXPECT_EQ(result["utc_offset"], Value("+02:00"));
  EXPECT_EQ(result["abbreviation"], Value("CEST"));
  EXPECT_EQ(result["is_dst"], Value(true));
  EXPECT_EQ(result["weekday"], Value("Wednesday"));
}

TEST(DescribeInstant, UtcUsesANumericZeroOffset) {
  const Value result = describe_instant(system_zones(), "UTC", 1795925520);
  EXPECT_EQ(result["timezone"], Value("UTC"));
  EXPECT_EQ(result["iso8601"], Value("2026-11-29T04:12:00+00:00"));
  EXPECT_EQ(result["utc_offset"], Value("+00:00"));
  EXPECT_EQ(result["abbreviation"], Value("UTC"));
  EXPECT_EQ(result["is_dst"], Value(false));
}

TEST(DescribeInstant, FractionalAndNegativeOffsetsCrossTheDateLine) {
  // One instant, 2026-11-30T04:13:20Z, on three sides of UTC.
  const std::int64_t instant = 1796012000;
  const Value st_johns = describe_instant(system_zones(), "America/St_Johns", instant);
  EXPECT_EQ(st_johns["iso8601"], Value("2026-11-30T00:43:20-03:30"));
  EXPECT_EQ(st_johns["utc_offset"], Value("-03:30"));
  EXPECT_EQ(st_johns["abbreviation"], Value("NST"));
  EXPECT_EQ(st_johns["weekday"], Value("Monday"));

  const Value kolkata = describe_instant(system_zones(), "Asia/Kolkata", instant);
  EXPECT_EQ(kolkata["date"], Value("2026-11-30"));
  EXPECT_EQ(kolkata["time"], Value("09:43:20"));
  EXPECT_EQ(kolkata["utc_offset"], Value("+05:30"));
  EXPECT_EQ(kolkata["abbreviation"], Value("IST"));

  const Value chatham = describe_instant(system_zones(), "Pacific/Chatham", instant);
  EXPECT_EQ(chatham["time"], Value("17:58:20"));
  EXPECT_EQ(chatham["utc_offset"], Value("+13:45"));
  EXPECT_EQ(chatham["abbreviation"], Value("+1345")) << "numeric abbreviations pass through";
  EXPECT_EQ(chatham["is_dst"], Value(true));
}

TEST(DescribeInstant, LocalMeanTimeKeepsItsSeconds) {
  const Value result = describe_instant(system_zones(), "Europe/Berlin", -2840144008);
  EXPECT_EQ(result["iso8601"], Value("1880-01-01T00:00:00+00:53:28"));
  EXPECT_EQ(result["date"], Value("1880-01-01"));
  EXPECT_EQ(result["time"], Value("00:00:00"));
  EXPECT_EQ(result["utc_offset"], Value("+00:53:28"));
  EXPECT_EQ(result["abbreviation"], Value("LMT"));
  EXPECT_EQ(result["weekday"], Value("Thursday"));
  EXPECT_EQ(result["unix"], Value(-2840144008LL));
}

TEST(DescribeInstant, InstantsBeforeTheEpoch) {
  const Value result = describe_instant(system_zones(), "UTC", -1);
  EXPECT_EQ(result["iso8601"], Value("1969-12-31T23:59:59+00:00"));
  EXPECT_EQ(result["weekday"], Value("Wednesday"));
}

TEST(DescribeInstant, ZoneErrorsPassThrough) {
  try {
    describe_instant(system_zones(), "Mars/Olympus_Mons", 0);
    FAIL() << "an unknown zone must throw";
  } catch (const clock_tool::UnknownZone& e) {
    EXPECT_STREQ(e.what(), "unknown time zone 'Mars/Olympus_Mons'; use an IANA name such as 'Europe/Berlin' or 'UTC'");
  }
  EXPECT_THROW(describe_instant(system_zones(), "../etc/passwd", 0), clock_tool::UnknownZone);
  EXPECT_THROW(describe_instant(system_zones(), "UTC", 253402300800), std::out_of_range) << "year 10000";
}

} // namespace
