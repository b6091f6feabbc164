// Reading a JSON request body and its fields, with the errors the API promises:
//   wrong Content-Type → 415; malformed JSON or invalid UTF-8 → 400; body over the cap → 413
//   (BodyReader); not an object → 422; missing or wrong-typed field → 422 naming it
//   (Error::field() is its JSON path); read-only and unknown fields → 422 naming them.
#pragma once

#include "http/request.hpp"

#include <agenthost/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::http {

// The body as a JSON object.
json::Value read_json_object(Request& request);

// Typed access to the members of one JSON object. Every getter marks the member as known;
// finish() then rejects members nobody asked for.
class ObjectReader {
public:
  // `path` prefixes field names in errors ("params" → "params.temperature").
  explicit ObjectReader(const json::Value& object, std::string path = {});

  // Members a client may not set (id, owner_id, created_at, ...): present → 422 "is read-only".
  void reject_read_only(std::initializer_list<std::string_view> names);

  bool has(std::string_view name) const;
  std::string required_string(std::string_view name, bool allow_empty = false);
  std::optional<std::string> optional_string(std::string_view name, bool allow_empty = false);
  // Absent → nullopt; JSON null → optional holding nullopt; string → the string.
  std::optional<std::optional<std::string>> optional_nullable_string(std::string_view name);
  std::optional<std::vector<std::string>> optional_string_array(std::string_view name, bool allow_empty_items = false);
  std::optional<bool> optional_bool(std::string_view name);
  std::optional<double> optional_number(std::string_view name, double min, double max);
  std::optional<std::int64_t> optional_integer(std::string_view name, std::int64_t min, std::int64_t max);
  // The member, which must be an object, or nullopt when absent.
  const json::Value* optional_object(std::string_view name);

  // Throws Error(unprocessable) naming the first member no getter asked for.
  void finish() const;

  // The JSON path of a member, for errors raised by the caller.
  std::string path_of(std::string_view name) const;

private:
  const json::Value* member(std::string_view name);

  const json::Value& object_;
  std::string path_;
  std::vector<std::string> known_;
};

} // namespace agenthost::http
