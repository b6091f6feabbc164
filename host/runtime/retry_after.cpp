#include "runtime/retry_after.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace agenthost::runtime {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

// A plain non-negative decimal ("1.5" allowed), nothing else: no sign, exponent or hex.
std::optional<double> plain_number(std::string_view text) {
  if (text.empty() || text.size() > 32) return std::nullopt;
  bool seen_dot = false;
  bool seen_digit = false;
  for (char c : text) {
    if (c == '.' && !seen_dot) {
      seen_dot = true;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      seen_digit = true;
    } else {
      return std::nullopt;
    }
  }
  if (!seen_digit) return std::nullopt;
  const double value = std::strtod(std::string(text).c_str(), nullptr);
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::chrono::milliseconds clamped_ms(double ms) {
  // A year is far beyond any cap; clamping keeps the conversion defined for absurd values.
  constexpr double kMax = 365.0 * 24 * 3600 * 1000;
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(std::min(ms, kMax))));
}

int month_index(const char* name) {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int i = 0; i < 12; ++i)
    if (std::strcmp(name, kMonths[i]) == 0) return i;
  return -1;
}

// The three date forms RFC 9110 section 5.6.7 says a recipient must accept, strictly (a lenient
// parser reads words such as "later" as some date):
//   IMF-fixdate  Sun, 06 Nov 1994 08:49:37 GMT
//   RFC 850      Sunday, 06-Nov-94 08:49:37 GMT
//   asctime      Sun Nov  6 08:49:37 1994
std::optional<std::chrono::system_clock::time_point> parse_http_date(const std::string& text) {
  char weekday[16] = {};
  char month[4] = {};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0, used = -1;
  const int length = static_cast<int>(text.size());
  const char* s = text.c_str();
  bool matched = std::sscanf(s, "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d GMT%n", weekday, &day, month, &year,
                             &hour, &minute, &second, &used) == 7 && used == length;
  if (!matched) {
    used = -1;
    matched = std::sscanf(s, "%9[A-Za-z], %2d-%3[A-Za-z]-%2d %2d:%2d:%2d GMT%n", weekday, &day, month, &year, &hour,
                          &minute, &second, &used) == 7 && used == length;
    if (matched) year += year < 70 ? 2000 : 1900;
  }
  if (!matched) {
    used = -1;
    matched = std::sscanf(s, "%3[A-Za-z] %3[A-Za-z] %2d %2d:%2d:%2d %4d%n", weekday, month, &day, &hour, &minute,
                          &second, &year, &used) == 7 && used == length;
  }
  const int month_number = month_index(month);
  if (!matched || month_number < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60 ||
      year < 1970) {
    return std::nullopt;
  }
  std::tm fields{};
  fields.tm_year = year - 1900;
  fields.tm_mon = month_number;
  fields.tm_mday = day;
  fields.tm_hour = hour;
  fields.tm_min = minute;
  fields.tm_sec = second;
  const std::time_t at = timegm(&fields);
  if (at == static_cast<std::time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(at);
}

} // namespace

std::optional<std::chrono::milliseconds> parse_retry_after_ms(std::string_view value) {
  const std::optional<double> ms = plain_number(trimmed(value));
  if (!ms) return std::nullopt;
  return clamped_ms(*ms);
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value,
                                                           std::chrono::system_clock::time_point now) {
  const std::string_view text = trimmed(value);
  if (text.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(text.front()))) {
    const std::optional<double> seconds = plain_number(text);
    if (!seconds) return std::nullopt;
    return clamped_ms(*seconds * 1000.0);
  }
  const std::optional<std::chrono::system_clock::time_point> at = parse_http_date(std::string(text));
  if (!at) return std::nullopt;
  if (*at <= now) return std::chrono::milliseconds(0);
  return std::chrono::ceil<std::chrono::milliseconds>(*at - now);
}

std::optional<std::chrono::milliseconds> requested_retry_wait(const std::optional<std::string>& retry_after_ms,
                                                              const std::optional<std::string>& retry_after,
                                                              std::chrono::system_clock::time_point now) {
  if (retry_after_ms) {
    if (auto wait = parse_retry_after_ms(*retry_after_ms)) return wait;
  }
  if (retry_after) return parse_retry_after(*retry_after, now);
  return std::nullopt;
}

} // namespace agenthost::runtime
