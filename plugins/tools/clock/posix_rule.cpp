#include "posix_rule.hpp"

#include "civil_calendar.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

namespace clock_tool::detail {
namespace {

class PosixRuleParser {
public:
  explicit PosixRuleParser(std::string_view text) : text_(text) {}

  PosixRule parse() {
    PosixRule rule;
    rule.std_abbreviation = abbreviation();
    rule.std_offset = -duration(24, "standard offset");
    if (at_end()) return rule;
    rule.has_dst = true;
    rule.dst_abbreviation = abbreviation();
    rule.dst_offset = rule.std_offset + 3600;
    if (!at_end() && text_[pos_] != ',') rule.dst_offset = -duration(24, "DST offset");
    if (at_end()) fail("has a DST abbreviation but no ',start,end' rule");
    expect(',');
    rule.dst_start = date();
    expect(',');
    rule.dst_end = date();
    if (!at_end()) fail("has unexpected text after the end rule");
    return rule;
  }

private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument("TZ rule '" + std::string(text_) + "' " + what);
  }
  bool at_end() const { return pos_ >= text_.size(); }
  bool accept(char c) { return !at_end() && text_[pos_] == c ? (++pos_, true) : false; }
  void expect(char c) {
    if (!accept(c)) fail(std::string("lacks '") + c + "' at position " + std::to_string(pos_));
  }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  static bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

  std::string abbreviation() {
    const std::size_t start = pos_;
    if (accept('<')) { // quoted form allows digits and signs: "<+0530>"
      while (!at_end() && (is_alpha(text_[pos_]) || is_digit(text_[pos_]) || text_[pos_] == '+' ||
                           text_[pos_] == '-'))
        ++pos_;
      const std::string name(text_.substr(start + 1, pos_ - start - 1));
      expect('>');
      if (name.empty()) fail("has an empty <> abbreviation");
      return name;
    }
    while (!at_end() && is_alpha(text_[pos_])) ++pos_;
    if (pos_ == start) fail("lacks a zone abbreviation at position " + std::to_string(start));
    return std::string(text_.substr(start, pos_ - start));
  }

  int number(int max_digits, int max_value, const char* what) {
    int value = 0, digits = 0;
    while (!at_end() && is_digit(text_[pos_]) && digits < max_digits) {
      value = value * 10 + (text_[pos_++] - '0');
      ++digits;
    }
    if (digits == 0) fail(std::string("lacks a number for the ") + what);
    if (value > max_value) fail(std::string("has an out-of-range ") + what);
    return value;
  }

  // [+-]hh[:mm[:ss]] in seconds.
  std::int64_t duration(int max_hours, const char* what) {
    const bool negative = accept('-');
    if (!negative) accept('+');
    std::int64_t seconds = std::int64_t{number(3, max_hours, what)} * 3600;
    if (accept(':')) {
      seconds += number(2, 59, what) * 60;
      if (accept(':')) seconds += number(2, 59, what);
    }
    return negative ? -seconds : seconds;
  }

  RuleDate date() {
    RuleDate date;
    if (accept('J')) {
      date.kind = RuleDate::Kind::julian_without_leap_day;
      date.day = number(3, 365, "Jn day");
      if (date.day == 0) fail("has a Jn day of 0 (they count from 1)");
    } else if (accept('M')) {
      date.kind = RuleDate::Kind::month_week_weekday;
      date.month = number(2, 12, "month");
      expect('.');
      date.week = number(1, 5, "week");
      expect('.');
      date.weekday = number(1, 6, "weekday");
      if (date.month == 0 || date.week == 0) fail("has a month or week of 0 (they count from 1)");
    } else {
      date.kind = RuleDate::Kind::zero_based_day;
      date.day = number(3, 365, "day of year");
    }
    if (accept('/')) date.time_of_day = duration(167, "transition time");
    return date;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// Days since the epoch of the rule's date in the given year.
std::int64_t rule_day(std::int64_t year, const RuleDate& date) {
  const std::int64_t jan1 = days_from_civil(year, 1, 1);
  switch (date.kind) {
  case RuleDate::Kind::julian_without_leap_day: // Feb 29 is never counted, so J60 is always Mar 1
    return jan1 + date.day - 1 + (is_leap_year(year) && date.day >= 60 ? 1 : 0);
  case RuleDate::Kind::zero_based_day: return jan1 + date.day;
  case RuleDate::Kind::month_week_weekday: break;
  }
  const auto month = static_cast<unsigned>(date.month);
  const std::int64_t first = days_from_civil(year, month, 1);
  const std::int64_t next_month =
      month == 12 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, month + 1, 1);
  std::int64_t day = first + (date.weekday - weekday_of(first) + 7) % 7 + (date.week - 1) * 7;
  while (day >= next_month) day -= 7; // week 5 means "the last one in the month"
  return day;
}

} // namespace

PosixRule parse_posix_rule(std::string_view text) { return PosixRuleParser(text).parse(); }

Offset rule_offset_at(const PosixRule& rule, std::int64_t t) {
  if (!rule.has_dst) return {rule.std_offset, false, rule.std_abbreviation};
  // A year's start/end times may spill into neighbouring years (times up to +-167h, DST all
  // year), so lay out the transitions of the surrounding years and find the last one before t.
  struct Transition {
    std::int64_t at;
    bool dst_after;
  };
  std::array<Transition, 6> transitions{};
  const std::int64_t year = civil_from_days(floor_div(t + rule.std_offset, kSecondsPerDay)).year;
  for (std::int64_t i = 0; i < 3; ++i) {
    const std::int64_t y = year - 1 + i;
    // The start time is written in standard time, the end time in daylight time.
    transitions[2 * i] = {rule_day(y, rule.dst_start) * kSecondsPerDay +
                              rule.dst_start.time_of_day - rule.std_offset,
                          true};
    transitions[2 * i + 1] = {rule_day(y, rule.dst_end) * kSecondsPerDay +
                                  rule.dst_end.time_of_day - rule.dst_offset,
                              false};
  }
  // Stable: when one year's end coincides with the next year's start (DST all year), the start
  // stays last and wins.
  std::stable_sort(transitions.begin(), transitions.end(),
                   [](const Transition& a, const Transition& b) { return a.at < b.at; });
  bool dst = !transitions.front().dst_after;
  for (const Transition& transition : transitions) {
    if (transition.at > t) break;
    dst = transition.dst_after;
  }
  return dst ? Offset{rule.dst_offset, true, rule.dst_abbreviation}
             : Offset{rule.std_offset, false, rule.std_abbreviation};
}

} // namespace clock_tool::detail
