// agenthost SDK JSON: the Value type, its Type tag and the errors it and the parser throw.
//
// Objects keep insertion order because schemas and settings are shown back to people, and a
// reordered schema reads like a different one.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
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

} // namespace agenthost::json

// Value::as_int() names dump() in its error message, and an inline function must be defined in
// every translation unit that uses it, so this header brings the writer along. dump.hpp
// includes this header first; #pragma once stops the cycle whichever is included first.
#include "agenthost/json/dump.hpp"
