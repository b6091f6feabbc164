#include "config/value_parsing.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <set>
#include <utility>

namespace agenthost::config {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string range_text(long long min, long long max) {
  return "an integer from " + std::to_string(min) + " to " + std::to_string(max);
}

std::string number_text(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text;
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "1 GiB" when `bytes` is a whole number of the largest fitting unit, else "N bytes".
std::string size_text(unsigned long long bytes) {
  static const std::pair<unsigned long long, const char*> units[] = {
      {1ULL << 30, "GiB"}, {1ULL << 20, "MiB"}, {1ULL << 10, "KiB"}};
  for (const auto& [factor, name] : units) {
    if (bytes >= factor && bytes % factor == 0) return std::to_string(bytes / factor) + " " + name;
  }
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

// The multiplier of a size unit (already lowercased), or 0 for an unknown unit.
unsigned long long unit_factor(const std::string& unit) {
  if (unit.empty()) return 1;
  if (unit == "k" || unit == "kb" || unit == "kib") return 1ULL << 10;
  if (unit == "m" || unit == "mb" || unit == "mib") return 1ULL << 20;
  if (unit == "g" || unit == "gb" || unit == "gib") return 1ULL << 30;
  return 0;
}

} // namespace

Parsed<unsigned long long> parse_size(std::string_view text, unsigned long long min, unsigned long long max) {
  const std::string range = "from " + size_text(min) + " to " + size_text(max);
  const std::string expected =
      "expected a size " + range +
      ": a whole number of bytes (e.g. 1048576) or a whole number with a unit K, KB, KiB, M, MB, MiB, G, GB or "
      "GiB (case-insensitive, each a power of 1024), e.g. 512K or 50 MiB";
  text = trim(text);
  std::size_t digits_end = 0;
  while (digits_end < text.size() && text[digits_end] >= '0' && text[digits_end] <= '9') ++digits_end;
  const std::string_view digits = text.substr(0, digits_end);
  std::string unit(trim(text.substr(digits_end)));
  std::transform(unit.begin(), unit.end(), unit.begin(), [](unsigned char c) { return std::tolower(c); });
  const unsigned long long factor = unit_factor(unit);
  unsigned long long number = 0;
  const auto [stopped_at, code] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (digits.empty() || factor == 0 || (code != std::errc() && code != std::errc::result_out_of_range)) {
    return {std::nullopt, expected};
  }
  if (code == std::errc::result_out_of_range || number > std::numeric_limits<unsigned long long>::max() / factor ||
      number * factor < min || number * factor > max) {
    return {std::nullopt, "out of range: " + expected};
  }
  return {number * factor, ""};
}

Parsed<bool> parse_bool(std::string_view text) {
  if (text == "true") return {true, ""};
  if (text == "false") return {false, ""};
  return {std::nullopt, "expected true or false"};
}

Parsed<long long> parse_integer(std::string_view text, long long min, long long max) {
  long long value = 0;
  const char* end = text.data() + text.size();
  const auto [stopped_at, code] = std::from_chars(text.data(), end, value);
  if (text.empty() || code == std::errc::invalid_argument || stopped_at != end) {
    return {std::nullopt, "expected " + range_text(min, max)};
  }
  if (code == std::errc::result_out_of_range || value < min || value > max) {
    return {std::nullopt, "out of range: expected " + range_text(min, max)};
  }
  return {value, ""};
}

Parsed<double> parse_number(std::string_view text, double min, double max) {
  const std::string expected = "expected a number from " + number_text(min) + " to " + number_text(max);
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [stopped_at, code] = std::from_chars(text.data(), end, value);
  if (text.empty() || code != std::errc() || stopped_at != end || !std::isfinite(value)) {
    return {std::nullopt, expected};
  }
  if (value < min || value > max) return {std::nullopt, "out of range: " + expected};
  return {value, ""};
}

Parsed<std::vector<std::string>> parse_list(std::string_view text) {
  std::vector<std::string> items;
  if (trim(text).empty()) return {items, ""};
  std::set<std::string> seen;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    const std::string item(trim(text.substr(start, comma == std::string_view::npos ? text.npos : comma - start)));
    if (item.empty()) {
      return {std::nullopt, "empty item in the comma-separated list; remove the extra comma"};
    }
    if (!seen.insert(item).second) {
      return {std::nullopt, "an item is listed twice"};
    }
    items.push_back(item);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return {items, ""};
}

std::string ListenAddress::to_string() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Parsed<ListenAddress> parse_listen_address(std::string_view text) {
  static const std::string form = "expected HOST:PORT, e.g. 127.0.0.1:8080, 0.0.0.0:8080 or [::1]:8080";
  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return {std::nullopt, "IPv6 host is missing its closing ']'; " + form};
    host = text.substr(1, close - 1);
    if (text.substr(close + 1, 1) != ":") return {std::nullopt, "missing ':PORT' after the IPv6 host; " + form};
    port = text.substr(close + 2);
    if (host.find(':') == std::string_view::npos) {
      return {std::nullopt, "brackets are only for IPv6 hosts; write HOST:PORT without them"};
    }
  } else {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return {std::nullopt, "missing ':PORT'; " + form};
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      return {std::nullopt, "an IPv6 host must be written in brackets, e.g. [::1]:8080"};
    }
  }
  if (host.empty()) return {std::nullopt, "missing host; use 0.0.0.0:PORT to listen on every interface"};
  if (host.find_first_of(" \t") != std::string_view::npos) return {std::nullopt, "host contains whitespace"};
  if (!all_digits(port)) return {std::nullopt, "port must be a number from 0 to 65535"};
  const Parsed<long long> number = parse_integer(port, 0, 65535);
  if (!number.value) return {std::nullopt, "port must be a number from 0 to 65535"};
  return {ListenAddress{std::string(host), static_cast<std::uint16_t>(*number.value)}, ""};
}

bool is_valid_instance_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

} // namespace agenthost::config
