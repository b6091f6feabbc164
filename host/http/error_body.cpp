#include "http/error_body.hpp"

#include "common/logger.hpp"

namespace agenthost::http {

std::string error_body_json(ErrorKind kind, std::string_view message, std::string_view field) {
  // Written by hand rather than with Poco::JSON::Object, which would sort "message" before
  // "type"; clients and docs read better with the type first.
  std::string body = "{\"error\":{\"type\":";
  append_json_string(body, error_type_name(kind));
  body += ",\"message\":";
  append_json_string(body, message);
  if (!field.empty()) {
    body += ",\"field\":";
    append_json_string(body, field);
  }
  body += "}}";
  return body;
}

} // namespace agenthost::http
