// agenthost SDK: a small, strict JSON value, parser and writer (C++17, std only).
//
// Plugins are built by third parties against the SDK headers alone, so the SDK cannot lean on
// Poco or any other library for JSON. Objects keep insertion order because schemas and
// settings are shown back to people, and a reordered schema reads like a different one.
// The parser follows RFC 8259 to the letter (no comments, no trailing commas, no NaN) and
// rejects invalid UTF-8, so whatever it accepts every other JSON reader accepts too.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace agenthost::json {

// Thrown when a value is used as a type it is not ("expected string, got number").
class TypeError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Thrown by parse(); what() reads "line 3, column 14: expected ',' or '}' but found ']'".
// Lines and columns count from 1; columns count characters, not bytes.
class ParseError : public std::runtime_error {
public:
  ParseError(const std::string& detail, std::size_t offset, std::size_t line, std::size_t column)
      : std::runtime_error("line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + detail),
        detail_(detail), offset_(offset), line_(line), column_(column) {}
  const std::string& detail() const noexcept { return detail_; }
  std::size_t offset() const noexcept { return offset_; } // byte offset into the input
  std::size_t line() const noexcept { return line_; }
  std::size_t column() const noexcept { return column_; }

private:
  std::string detail_;
  std::size_t offset_, line_, column_;
};

// Integers and doubles are distinct so that 9007199254740993 survives a round trip.
enum class Type { null, boolean, integer, floating, string, array, object };

inline const char* type_name(Type t) noexcept {
  switch (t) {
  case Type::null: return "null";
  case Type::boolean: return "boolean";
  case Type::integer:
  case Type::floating: return "number";
  case Type::string: return "string";
  case Type::array: return "array";
  case Type::object: return "object";
  }
  return "unknown";
}

class Value;
inline std::string dump(const Value& value);

class Value {
public:
  using Array = std::vector<Value>;
  using Object = std::vector<std::pair<std::string, Value>>; // insertion order, unique keys

  Value() noexcept = default; // null
  Value(std::nullptr_t) noexcept {}
  Value(bool b) noexcept : data_(std::in_place_type<bool>, b) {}
  template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
  Value(T n) noexcept {
    // Unsigned values beyond int64 keep their magnitude as a double rather than wrapping.
    if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(std::int64_t)) {
      if (n > static_cast<T>(std::numeric_limits<std::int64_t>::max())) {
        data_.emplace<double>(static_cast<double>(n));
        return;
      }
    }
    data_.emplace<std::int64_t>(static_cast<std::int64_t>(n));
  }
  template <class T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
  Value(T d) noexcept : data_(std::in_place_type<double>, static_cast<double>(d)) {}
  Value(const char* s) { // a null pointer is JSON null, not a crash
    if (s) data_.emplace<std::string>(s);
  }
  Value(std::string s) noexcept : data_(std::in_place_type<std::string>, std::move(s)) {}
  Value(std::string_view s) : data_(std::in_place_type<std::string>, s) {}
  explicit Value(Array items) noexcept : data_(std::in_place_type<Array>, std::move(items)) {}
  explicit Value(Object members) noexcept : data_(std::in_place_type<Object>, std::move(members)) {}

  static Value array() { return Value(Array{}); }
  static Value array(std::initializer_list<Value> items) { return Value(Array(items)); }
  static Value object() { return Value(Object{}); }
  // Later duplicates replace earlier ones, as with set().
  static Value object(std::initializer_list<std::pair<std::string, Value>> members) {
    Value out = object();
    for (const auto& [key, value] : members) out.set(key, value);
    return out;
  }

  Type type() const noexcept { return static_cast<Type>(data_.index()); }
  bool is_null() const noexcept { return type() == Type::null; }
  bool is_bool() const noexcept { return type() == Type::boolean; }
  bool is_int() const noexcept { return type() == Type::integer; }
  bool is_double() const noexcept { return type() == Type::floating; }
  bool is_number() const noexcept { return is_int() || is_double(); }
  bool is_string() const noexcept { return type() == Type::string; }
  bool is_array() const noexcept { return type() == Type::array; }
  bool is_object() const noexcept { return type() == Type::object; }

  bool as_bool() const { return get<bool>("boolean"); }
  // A double is accepted when it holds an exact integer (some writers emit 100.0 for 100).
  std::int64_t as_int() const {
    if (const auto* d = std::get_if<double>(&data_)) {
      if (is_exact_int64(*d)) return static_cast<std::int64_t>(*d);
      throw TypeError("expected integer, got number " + dump(*this));
    }
    return get<std::int64_t>("integer");
  }
  double as_double() const {
    if (const auto* i = std::get_if<std::int64_t>(&data_)) return static_cast<double>(*i);
    return get<double>("number");
  }
  const std::string& as_string() const { return get<std::string>("string"); }
  std::string& as_string() { return get<std::string>("string"); }
  const Array& as_array() const { return get<Array>("array"); }
  Array& as_array() { return get<Array>("array"); }
  const Object& as_object() const { return get<Object>("object"); }
  Object& as_object() { return get<Object>("object"); }

  // nullptr when the key is absent or this is not an object.
  const Value* find(std::string_view key) const {
    const auto* members = std::get_if<Object>(&data_);
    if (!members) return nullptr;
    for (const auto& member : *members)
      if (member.first == key) return &member.second;
    return nullptr;
  }
  Value* find(std::string_view key) { return const_cast<Value*>(std::as_const(*this).find(key)); }
  bool contains(std::string_view key) const { return find(key) != nullptr; }

  // Lenient reads for optional data: a shared null when absent, out of range or not a container.
  const Value& operator[](std::string_view key) const {
    const Value* found = find(key);
    return found ? *found : null_value();
  }
  const Value& operator[](std::size_t index) const {
    const auto* items = std::get_if<Array>(&data_);
    return items && index < items->size() ? (*items)[index] : null_value();
  }

  // Replaces the value of an existing key in place, or appends a new member.
  Value& set(std::string key, Value value) {
    Object& members = as_object();
    for (auto& member : members) {
      if (member.first == key) return member.second = std::move(value);
    }
    members.emplace_back(std::move(key), std::move(value));
    return members.back().second;
  }
  Value& push_back(Value value) {
    Array& items = as_array();
    items.push_back(std::move(value));
    return items.back();
  }
  std::size_t size() const {
    if (const auto* items = std::get_if<Array>(&data_)) return items->size();
    if (const auto* members = std::get_if<Object>(&data_)) return members->size();
    throw TypeError(std::string("expected array or object, got ") + type_name(type()));
  }

  // Optional members with a fallback. Absent or null gives the fallback; a present value of the
  // wrong type throws (naming the key), because silently ignoring a typo'd setting hides bugs.
  template <class T> T get_or(std::string_view key, T fallback) const {
    const Value* found = find(key);
    if (!found || found->is_null()) return fallback;
    try {
      if constexpr (std::is_same_v<T, bool>) {
        return found->as_bool();
      } else if constexpr (std::is_integral_v<T>) {
        const std::int64_t n = found->as_int();
        if (!in_range<T>(n)) throw TypeError(std::to_string(n) + " is out of range");
        return static_cast<T>(n);
      } else if constexpr (std::is_floating_point_v<T>) {
        return static_cast<T>(found->as_double());
      } else {
        static_assert(std::is_same_v<T, std::string>, "get_or supports bool, integers, floating point and strings");
        return found->as_string();
      }
    } catch (const TypeError& e) {
      throw TypeError(std::string(key) + ": " + e.what());
    }
  }
  std::string get_or(std::string_view key, const char* fallback) const { return get_or<std::string>(key, fallback); }

  // Numbers compare by value (1 == 1.0); objects compare as sets of members, ignoring order.
  friend bool operator==(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number()) {
      if (a.is_int() && b.is_int()) return a.as_int() == b.as_int();
      if (a.is_double() && b.is_double()) return std::get<double>(a.data_) == std::get<double>(b.data_);
      const Value& i = a.is_int() ? a : b;
      const double d = std::get<double>((a.is_int() ? b : a).data_);
      return is_exact_int64(d) && static_cast<std::int64_t>(d) == i.as_int();
    }
    if (a.type() != b.type()) return false;
    if (a.is_object()) {
      const Object& left = a.as_object();
      if (left.size() != b.as_object().size()) return false;
      return std::all_of(left.begin(), left.end(), [&](const auto& member) {
        const Value* other = b.find(member.first);
        return other && *other == member.second;
      });
    }
    return a.data_ == b.data_;
  }
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

private:
  template <class T> const T& get(const char* expected) const {
    if (const T* p = std::get_if<T>(&data_)) return *p;
    throw TypeError(std::string("expected ") + expected + ", got " + type_name(type()));
  }
  template <class T> T& get(const char* expected) { return const_cast<T&>(std::as_const(*this).get<T>(expected)); }
  static bool is_exact_int64(double d) noexcept {
    // 2^63 is exactly representable; every double in [-2^63, 2^63) with no fraction fits.
    return d >= -9223372036854775808.0 && d < 9223372036854775808.0 && std::trunc(d) == d;
  }
  template <class T> static bool in_range(std::int64_t n) noexcept {
    if constexpr (std::is_signed_v<T>) {
      return n >= static_cast<std::int64_t>(std::numeric_limits<T>::min()) &&
             n <= static_cast<std::int64_t>(std::numeric_limits<T>::max());
    } else {
      return n >= 0 && static_cast<std::uint64_t>(n) <= std::numeric_limits<T>::max();
    }
  }
  static const Value& null_value() noexcept {
    static const Value null;
    return null;
  }

  // Alternative order matches enum Type.
  std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, Array, Object> data_;
};

namespace detail {

// Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlongs, no surrogates, nothing
// above U+10FFFF), or 0 when the bytes there are not valid UTF-8.
inline std::size_t utf8_sequence_length(const unsigned char* p, std::size_t available) noexcept {
  const unsigned char lead = p[0];
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead == 0xE0) length = 3, low = 0xA0;
  else if (lead == 0xED) length = 3, high = 0x9F; // would otherwise encode a surrogate
  else if (lead >= 0xE1 && lead <= 0xEF) length = 3;
  else if (lead == 0xF0) length = 4, low = 0x90;
  else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
  else if (lead == 0xF4) length = 4, high = 0x8F;
  else return 0;
  if (available < length || p[1] < low || p[1] > high) return 0;
  for (std::size_t i = 2; i < length; ++i)
    if ((p[i] & 0xC0) != 0x80) return 0;
  return length;
}

inline void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

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

inline void append_double(std::string& out, double d) {
  if (!std::isfinite(d)) { // JSON has no NaN or infinity
    out += "null";
    return;
  }
  char buffer[32];
  const char* end = std::to_chars(buffer, buffer + sizeof buffer, d).ptr; // shortest round-trip form
  const std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
  out += text;
  if (text.find_first_of(".e") == std::string_view::npos) out += ".0"; // stays a double when re-read
}

} // namespace detail

// Parses one JSON document (RFC 8259). Throws ParseError with the line and column.
inline Value parse(std::string_view text) { return detail::Parser(text).parse_document(); }

// Appends s as a quoted JSON string. Invalid UTF-8 bytes become U+FFFD, so the output is
// always valid JSON whatever bytes a plugin or an upstream server produced.
inline void append_escaped(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t run = i;
    while (i < s.size()) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++i;
    }
    out.append(s.data() + run, i - run);
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      if (c < 0x20) {
        out += "\\u00";
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 0xF]);
      } else {
        const std::size_t length =
            detail::utf8_sequence_length(reinterpret_cast<const unsigned char*>(s.data() + i), s.size() - i);
        if (length == 0) {
          out += "\xEF\xBF\xBD"; // U+FFFD REPLACEMENT CHARACTER
          ++i;
        } else {
          out.append(s.data() + i, length);
          i += length;
        }
        continue;
      }
    }
    ++i;
  }
  out.push_back('"');
}

// Appends the compact JSON text of value (no whitespace, members in insertion order).
inline void dump_to(std::string& out, const Value& value) {
  switch (value.type()) {
  case Type::null: out += "null"; return;
  case Type::boolean: out += value.as_bool() ? "true" : "false"; return;
  case Type::integer: {
    char buffer[24];
    out.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, value.as_int()).ptr);
    return;
  }
  case Type::floating: detail::append_double(out, value.as_double()); return;
  case Type::string: append_escaped(out, value.as_string()); return;
  case Type::array: {
    out.push_back('[');
    bool first = true;
    for (const Value& item : value.as_array()) {
      if (!first) out.push_back(',');
      first = false;
      dump_to(out, item);
    }
    out.push_back(']');
    return;
  }
  case Type::object: {
    out.push_back('{');
    bool first = true;
    for (const auto& [key, member] : value.as_object()) {
      if (!first) out.push_back(',');
      first = false;
      append_escaped(out, key);
      out.push_back(':');
      dump_to(out, member);
    }
    out.push_back('}');
    return;
  }
  }
}

inline std::string dump(const Value& value) {
  std::string out;
  dump_to(out, value);
  return out;
}

} // namespace agenthost::json
