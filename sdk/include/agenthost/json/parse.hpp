// agenthost SDK JSON: the parser.
//
// It follows RFC 8259 to the letter (no comments, no trailing commas, no NaN) and rejects
// invalid UTF-8, so whatever it accepts every other JSON reader accepts too.
#pragma once

#include "agenthost/json/utf8.hpp"
#include "agenthost/json/value.hpp"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace agenthost::json {

namespace detail {

inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Describes the input at an error position: 'x', end of input, or byte 0xFF.
inline std::string describe_byte(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return "end of input";
  const auto c = static_cast<unsigned char>(text[pos]);
  if (c >= 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  static const char hex[] = "0123456789ABCDEF";
  return std::string("byte 0x") + hex[c >> 4] + hex[c & 0xF];
}

// Duplicate keys: the value of the last occurrence wins, at the position of the first (as in
// JavaScript). Small objects are checked pairwise; large ones through a sorted index.
inline void keep_last_of_duplicate_keys(Value::Object& members) {
  const std::size_t n = members.size();
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return members[a].first < members[b].first; });
  std::vector<bool> dropped(n, false);
  bool any_dropped = false;
  for (std::size_t i = 1; i < n; ++i) {
    if (members[order[i]].first != members[order[i - 1]].first) continue;
    std::size_t first = i - 1;
    while (first > 0 && members[order[first - 1]].first == members[order[i]].first) --first;
    members[order[first]].second = std::move(members[order[i]].second);
    dropped[order[i]] = any_dropped = true;
  }
  if (!any_dropped) return;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (dropped[i]) continue;
    if (kept != i) members[kept] = std::move(members[i]);
    ++kept;
  }
  members.resize(kept);
}

inline bool has_duplicate_keys_small(const Value::Object& members) {
  for (std::size_t i = 1; i < members.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (members[i].first == members[j].first) return true;
  return false;
}

class Parser {
public:
  static constexpr int max_depth = 512;

  explicit Parser(std::string_view text) : text_(text) {}

  Value parse_document() {
    skip_whitespace();
    Value value = parse_value(0);
    skip_whitespace();
    if (pos_ < text_.size()) fail("unexpected " + describe_byte(text_, pos_) + " after the JSON value");
    return value;
  }

private:
  [[noreturn]] void fail(const std::string& detail) const { fail_at(pos_, detail); }
  [[noreturn]] void fail_at(std::size_t offset, const std::string& detail) const {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text_.size(); ++i) {
      const auto c = static_cast<unsigned char>(text_[i]);
      if (c == '\n') line += 1, column = 1;
      else if ((c & 0xC0) != 0x80) column += 1; // continuation bytes belong to the previous character
    }
    throw ParseError(detail, offset, line, column);
  }
  [[noreturn]] void fail_expected(const char* what) const {
    fail(std::string("expected ") + what + " but found " + describe_byte(text_, pos_));
  }

  bool at_end() const noexcept { return pos_ >= text_.size(); }
  char peek() const noexcept { return at_end() ? '\0' : text_[pos_]; }
  void skip_whitespace() noexcept {
    while (!at_end()) {
      const char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      ++pos_;
    }
  }

  Value parse_value(int depth) {
    switch (peek()) {
    case '{': return parse_object(depth + 1);
    case '[': return parse_array(depth + 1);
    case '"': return Value(parse_string());
    case 't': return parse_literal("true", Value(true));
    case 'f': return parse_literal("false", Value(false));
    case 'n': return parse_literal("null", Value());
    default:
      if (peek() == '-' || is_digit(peek())) return parse_number();
      fail_expected("a JSON value");
    }
  }

  void check_depth(int depth) const {
    if (depth > max_depth) fail("nesting is deeper than " + std::to_string(max_depth) + " levels");
  }

  Value parse_object(int depth) {
    check_depth(depth);
    ++pos_; // '{'
    Value::Object members;
    skip_whitespace();
    if (peek() == '}') {
      ++pos_;
      return Value(std::move(members));
    }
    for (;;) {
      skip_whitespace();
      if (peek() != '"') fail_expected(members.empty() ? "a string key or '}'" : "a string key");
      std::string key = parse_string();
      skip_whitespace();
      if (peek() != ':') fail_expected("':' after the key");
      ++pos_;
      skip_whitespace();
      members.emplace_back(std::move(key), parse_value(depth));
      skip_whitespace();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == '}') break;
      fail_expected("',' or '}'");
    }
    ++pos_;
    if (members.size() > 16 || has_duplicate_keys_small(members)) keep_last_of_duplicate_keys(members);
    return Value(std::move(members));
  }

  Value parse_array(int depth) {
    check_depth(depth);
    ++pos_; // '['
    Value::Array items;
    skip_whitespace();
    if (peek() == ']') {
      ++pos_;
      return Value(std::move(items));
    }
    for (;;) {
      skip_whitespace();
      items.push_back(parse_value(depth));
      skip_whitespace();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ']') break;
      fail_expected("',' or ']'");
    }
    ++pos_;
    return Value(std::move(items));
  }

  Value parse_literal(std::string_view word, Value value) {
    if (text_.substr(pos_, word.size()) != word) fail("invalid literal; expected '" + std::string(word) + "'");
    pos_ += word.size();
    return value;
  }

  Value parse_number() {
    const std::size_t start = pos_;
    bool integral = true;
    if (peek() == '-') ++pos_;
    if (!is_digit(peek())) fail_expected("a digit");
    if (peek() == '0') {
      ++pos_;
      if (is_digit(peek())) fail_at(start, "numbers must not have leading zeros");
    } else {
      while (is_digit(peek())) ++pos_;
    }
    if (peek() == '.') {
      integral = false;
      ++pos_;
      if (!is_digit(peek())) fail_expected("a digit after the decimal point");
      while (is_digit(peek())) ++pos_;
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (!is_digit(peek())) fail_expected("a digit in the exponent");
      while (is_digit(peek())) ++pos_;
    }
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    if (integral) {
      std::int64_t n = 0;
      if (std::from_chars(first, last, n).ec == std::errc()) return Value(n);
      // Too large for int64: fall through and keep its magnitude as a double.
    }
    double d = 0;
    if (std::from_chars(first, last, d).ec == std::errc()) return Value(d);
    if (underflows(start)) return Value(*first == '-' ? -0.0 : 0.0);
    fail_at(start, "number " + std::string(first, last) + " is too large for a double");
  }

  // Whether the (already validated) number at start is below the smallest double rather than
  // above the largest: its decimal magnitude, first significant digit plus exponent, is negative.
  bool underflows(std::size_t start) const {
    std::size_t i = start + (text_[start] == '-' ? 1 : 0);
    long long integer_digits = 0, leading_fraction_zeros = 0;
    bool significant = false;
    for (; i < pos_ && is_digit(text_[i]); ++i) {
      significant = significant || text_[i] != '0';
      if (significant) ++integer_digits;
    }
    if (i < pos_ && text_[i] == '.') {
      for (++i; i < pos_ && text_[i] == '0'; ++i) ++leading_fraction_zeros;
      while (i < pos_ && is_digit(text_[i])) ++i;
    }
    long long exponent = 0;
    if (i < pos_) { // 'e' or 'E'
      const bool negative = text_[++i] == '-';
      if (text_[i] == '+' || text_[i] == '-') ++i;
      for (; i < pos_; ++i) exponent = std::min(exponent * 10 + (text_[i] - '0'), 1LL << 40);
      if (negative) exponent = -exponent;
    }
    const long long magnitude = integer_digits > 0 ? integer_digits - 1 + exponent : exponent - leading_fraction_zeros - 1;
    return magnitude < 0;
  }

  std::string parse_string() {
    const std::size_t start = pos_;
    ++pos_; // opening quote
    std::string out;
    for (;;) {
      // Copy runs of plain ASCII in one go; stop at anything that needs a closer look.
      const std::size_t run = pos_;
      while (!at_end()) {
        const auto c = static_cast<unsigned char>(text_[pos_]);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++pos_;
      }
      out.append(text_.data() + run, pos_ - run);
      if (at_end()) fail_at(start, "unterminated string");
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c == '\\') {
        parse_escape(out);
      } else if (c < 0x20) {
        fail("control character " + describe_byte(text_, pos_) + " must be escaped in a string");
      } else {
        const auto* p = reinterpret_cast<const unsigned char*>(text_.data() + pos_);
        const std::size_t length = utf8_sequence_length(p, text_.size() - pos_);
        if (length == 0) fail("invalid UTF-8 (" + describe_byte(text_, pos_) + ") in string");
        out.append(text_.data() + pos_, length);
        pos_ += length;
      }
    }
  }

  void parse_escape(std::string& out) {
    const std::size_t start = pos_;
    ++pos_; // backslash
    const char c = peek();
    ++pos_;
    switch (c) {
    case '"': out.push_back('"'); return;
    case '\\': out.push_back('\\'); return;
    case '/': out.push_back('/'); return;
    case 'b': out.push_back('\b'); return;
    case 'f': out.push_back('\f'); return;
    case 'n': out.push_back('\n'); return;
    case 'r': out.push_back('\r'); return;
    case 't': out.push_back('\t'); return;
    case 'u': break;
    default: pos_ = start; fail("invalid escape sequence; allowed are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
    }
    std::uint32_t cp = parse_hex4();
    if (cp >= 0xDC00 && cp <= 0xDFFF) fail_at(start, "unpaired low surrogate in \\u escape");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (text_.substr(pos_, 2) != "\\u") fail_at(start, "high surrogate in \\u escape is not followed by a low surrogate");
      pos_ += 2;
      const std::uint32_t low = parse_hex4();
      if (low < 0xDC00 || low > 0xDFFF) fail_at(start, "high surrogate in \\u escape is not followed by a low surrogate");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, cp);
  }

  std::uint32_t parse_hex4() {
    std::uint32_t cp = 0;
    for (int i = 0; i < 4; ++i, ++pos_) {
      const char c = peek();
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0) fail_expected("four hex digits after \\u");
      cp = cp * 16 + static_cast<std::uint32_t>(digit);
    }
    return cp;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

} // namespace detail

// Parses one JSON document (RFC 8259). Throws ParseError with the line and column.
inline Value parse(std::string_view text) { return detail::Parser(text).parse_document(); }

} // namespace agenthost::json
