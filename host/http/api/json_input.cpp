#include "http/api/json_input.hpp"

#include "common/error.hpp"
#include "common/media_type.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

namespace agenthost::http {

namespace {

// Accepts "application/json" with any parameters, as long as a charset (if given) is UTF-8:
// JSON on the wire is UTF-8 (RFC 8259), and we do not transcode.
void check_content_type(const std::optional<std::string>& content_type) {
  const std::string what_to_send = "; send the body as JSON with 'Content-Type: application/json'";
  if (!content_type) throw Error(ErrorKind::unsupported_media, "the request has no Content-Type" + what_to_send);
  if (media_type_of(*content_type) != "application/json") {
    throw Error(ErrorKind::unsupported_media, "Content-Type '" + std::string(media_type_as_written(*content_type)) +
                                                  "' is not supported" + what_to_send);
  }
  for (const auto& [name, value] : media_parameters_of(*content_type)) {
    if (name != "charset") continue;
    const std::string charset = lowercase_ascii(value);
    if (charset != "utf-8" && charset != "utf8") {
      throw Error(ErrorKind::unsupported_media,
                  "charset '" + value + "' is not supported; JSON bodies must be UTF-8 (charset=utf-8)");
    }
  }
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string number_text(double value) {
  if (std::floor(value) == value && std::fabs(value) < 1e15) return std::to_string(static_cast<std::int64_t>(value));
  std::string out;
  json::detail::append_double(out, value);
  return out;
}

std::string integer_range(std::int64_t min, std::int64_t max) {
  constexpr auto lowest = std::numeric_limits<std::int64_t>::min();
  constexpr auto highest = std::numeric_limits<std::int64_t>::max();
  if (min == lowest && max == highest) return "an integer";
  if (max == highest) return "an integer of at least " + std::to_string(min);
  if (min == lowest) return "an integer of at most " + std::to_string(max);
  return "an integer from " + std::to_string(min) + " to " + std::to_string(max);
}

} // namespace

json::Value read_json_object(Request& request) {
  check_content_type(request.header("Content-Type"));
  const std::string& body = request.body();
  json::Value value;
  try {
    value = json::parse(body);
  } catch (const json::ParseError& error) {
    throw Error(ErrorKind::invalid_request, std::string("the request body is not valid JSON (") + error.what() +
                                                "); send one JSON object in UTF-8");
  }
  if (!value.is_object()) {
    throw Error(ErrorKind::unprocessable,
                std::string("the request body must be a JSON object, not ") + json::type_name(value.type()));
  }
  return value;
}

ObjectReader::ObjectReader(const json::Value& object, std::string path) : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) {
    throw Error(ErrorKind::unprocessable,
                (path_.empty() ? std::string("the body") : path_) + " must be a JSON object", path_);
  }
}

std::string ObjectReader::path_of(std::string_view name) const {
  return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
}

const json::Value* ObjectReader::member(std::string_view name) {
  if (std::find(known_.begin(), known_.end(), name) == known_.end()) known_.emplace_back(name);
  return object_.find(name);
}

void ObjectReader::reject_read_only(std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    if (object_.contains(name)) {
      throw Error(ErrorKind::unprocessable,
                  path_of(name) + " is read-only: the server sets it; leave it out of the request", path_of(name));
    }
  }
}

bool ObjectReader::has(std::string_view name) const { return object_.contains(name); }

std::string ObjectReader::required_string(std::string_view name, bool allow_empty) {
  const std::string kind = allow_empty ? "a string" : "a non-empty string";
  if (!object_.contains(name)) throw Error(ErrorKind::unprocessable, path_of(name) + " is required (" + kind + ")", path_of(name));
  return *optional_string(name, allow_empty);
}

std::optional<std::string> ObjectReader::optional_string(std::string_view name, bool allow_empty) {
  const json::Value* value = member(name);
  if (!value) return std::nullopt;
  if (!value->is_string() || (!allow_empty && value->as_string().empty())) {
    throw Error(ErrorKind::unprocessable,
                path_of(name) + " must be " + (allow_empty ? "a string" : "a non-empty string"), path_of(name));
  }
  return value->as_string();
}

std::optional<std::optional<std::string>> ObjectReader::optional_nullable_string(std::string_view name) {
  const json::Value* value = member(name);
  if (!value) return std::nullopt;
  if (value->is_null()) return std::optional<std::string>();
  if (!value->is_string() || value->as_string().empty())
    throw Error(ErrorKind::unprocessable, path_of(name) + " must be a non-empty string or null", path_of(name));
  return std::optional<std::string>(value->as_string());
}

std::optional<std::vector<std::string>> ObjectReader::optional_string_array(std::string_view name,
                                                                            bool allow_empty_items) {
  const json::Value* value = member(name);
  if (!value) return std::nullopt;
  const std::string item_kind = allow_empty_items ? "strings" : "non-empty strings";
  if (!value->is_array())
    throw Error(ErrorKind::unprocessable, path_of(name) + " must be an array of " + item_kind, path_of(name));
  std::vector<std::string> items;
  const json::Value::Array& array = value->as_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_string() || (!allow_empty_items && array[i].as_string().empty())) {
      const std::string item_path = path_of(name) + "[" + std::to_string(i) + "]";
      throw Error(ErrorKind::unprocessable,
                  item_path + " must be " + (allow_empty_items ? "a string" : "a non-empty string"), item_path);
    }
    items.push_back(array[i].as_string());
  }
  return items;
}

std::optional<bool> ObjectReader::optional_bool(std::string_view name) {
  const json::Value* value = member(name);
  if (!value) return std::nullopt;
  if (!value->is_bool()) throw Error(ErrorKind::unprocessable, path_of(name) + " must be true or false", path_of(name));
  return value->as_bool();
}

std::optional<double> ObjectReader::optional_number(std::string_view name, double min, double max) {
  const json::Value* value = member(name);
  if (!value) return std::nullopt;
  const std::string expected = "a number from " + number_text(min) + " to " + number_text(max);
  if (!value->is_number() || value->as_double() < min || value->as_double() > max)
    throw Error(ErrorKind::unprocessable, path_of(name) + " must be " + expected, path_of(name));
  return value->as_double();
}

std::optional<std::int64_t> ObjectReader::optional_integer(std::string_view name, std::int64_t min, std::int64_t max) {
  const json::Value* value = member(name);
  if (!value) return std::nullopt;
  const std::string expected = integer_range(min, max);
  std::int64_t number = 0;
  try {
    if (!value->is_number()) throw json::TypeError("not a number");
    number = value->as_int(); // a double only when it holds an exact integer
  } catch (const json::TypeError&) {
    throw Error(ErrorKind::unprocessable, path_of(name) + " must be " + expected, path_of(name));
  }
  if (number < min || number > max)
    throw Error(ErrorKind::unprocessable, path_of(name) + " must be " + expected, path_of(name));
  return number;
}

const json::Value* ObjectReader::optional_object(std::string_view name) {
  const json::Value* value = member(name);
  if (!value) return nullptr;
  if (!value->is_object()) throw Error(ErrorKind::unprocessable, path_of(name) + " must be a JSON object", path_of(name));
  return value;
}

void ObjectReader::finish() const {
  for (const auto& [name, value] : object_.as_object()) {
    if (std::find(known_.begin(), known_.end(), name) != known_.end()) continue;
    throw Error(ErrorKind::unprocessable,
                path_of(name) + " is not a known field; the fields are: " + joined(known_), path_of(name));
  }
}

} // namespace agenthost::http
