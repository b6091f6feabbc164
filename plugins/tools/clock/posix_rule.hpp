// Internal to the clock core: the POSIX TZ rule in a TZif footer, e.g.
// "CET-1CEST,M3.5.0,M10.5.0/3", which governs instants after a zone's last transition.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace clock_tool::detail {

struct RuleDate {
  enum class Kind { julian_without_leap_day, zero_based_day, month_week_weekday } kind{};
  int day = 0; // Jn: 1..365, n: 0..365
  int month = 0, week = 0, weekday = 0;
  std::int64_t time_of_day = 2 * 3600; // local time; RFC 8536 allows -167h..+167h
};

struct PosixRule {
  std::string std_abbreviation;
  std::int64_t std_offset = 0; // seconds east of UTC (POSIX writes them west, we negate)
  bool has_dst = false;
  std::string dst_abbreviation;
  std::int64_t dst_offset = 0;
  RuleDate dst_start, dst_end;
};

struct Offset {
  std::int64_t utc_offset;
  bool is_dst;
  std::string_view abbreviation;
};

// Parses a rule; throws std::invalid_argument naming the rule and what is wrong with it.
PosixRule parse_posix_rule(std::string_view text);

// The offset in force at POSIX instant t. The abbreviation views into `rule`.
Offset rule_offset_at(const PosixRule& rule, std::int64_t t);

} // namespace clock_tool::detail
