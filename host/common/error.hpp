// The one error type the host raises across module boundaries.
//
// Every failure the host reports carries a kind (what went wrong, in terms a client can act
// on) and a message (what exactly, and what to do about it). The HTTP layer maps the kind to a
// status code; the CLI maps it to an exit status; nothing else inspects it.
#pragma once

#include <stdexcept>
#include <string>

namespace agenthost {

enum class ErrorKind {
  invalid_request,    // 400: malformed input (bad JSON, wrong type)
  unauthorized,       // 401
  forbidden,          // 403
  not_found,          // 404 (also: another user's object)
  method_not_allowed, // 405
  conflict,           // 409
  payload_too_large,  // 413
  unsupported_media,  // 415
  unprocessable,      // 422: well-formed but semantically wrong (unknown backend, ...)
  rate_limited,       // 429
  internal,           // 500
  unavailable,        // 503
  upstream,           // 502: a provider or plugin failed
  timeout,            // 504
  config,             // configuration error (CLI exit 1)
  plugin,             // a plugin could not be loaded or misbehaved
};

class Error : public std::runtime_error {
public:
  Error(ErrorKind kind, std::string message) : std::runtime_error(std::move(message)), kind_(kind) {}
  // `field`: the input the error is about, as a JSON path ("params.temperature", "tools[1]");
  // the HTTP layer adds it to the error body so clients can point at the field.
  Error(ErrorKind kind, std::string message, std::string field)
      : std::runtime_error(std::move(message)), kind_(kind), field_(std::move(field)) {}
  ErrorKind kind() const noexcept { return kind_; }
  const std::string& field() const noexcept { return field_; }

private:
  ErrorKind kind_;
  std::string field_;
};

// The wire name of a kind, as it appears in {"error":{"type": ...}}.
inline const char* error_type_name(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::invalid_request: return "invalid_request";
  case ErrorKind::unauthorized: return "unauthorized";
  case ErrorKind::forbidden: return "forbidden";
  case ErrorKind::not_found: return "not_found";
  case ErrorKind::method_not_allowed: return "method_not_allowed";
  case ErrorKind::conflict: return "conflict";
  case ErrorKind::payload_too_large: return "payload_too_large";
  case ErrorKind::unsupported_media: return "unsupported_media_type";
  case ErrorKind::unprocessable: return "unprocessable";
  case ErrorKind::rate_limited: return "rate_limited";
  case ErrorKind::internal: return "internal";
  case ErrorKind::unavailable: return "unavailable";
  case ErrorKind::upstream: return "upstream_error";
  case ErrorKind::timeout: return "timeout";
  case ErrorKind::config: return "config_error";
  case ErrorKind::plugin: return "plugin_error";
  }
  return "internal";
}

inline int http_status_of(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::invalid_request: return 400;
  case ErrorKind::unauthorized: return 401;
  case ErrorKind::forbidden: return 403;
  case ErrorKind::not_found: return 404;
  case ErrorKind::method_not_allowed: return 405;
  case ErrorKind::conflict: return 409;
  case ErrorKind::payload_too_large: return 413;
  case ErrorKind::unsupported_media: return 415;
  case ErrorKind::unprocessable: return 422;
  case ErrorKind::rate_limited: return 429;
  case ErrorKind::upstream: return 502;
  case ErrorKind::unavailable: return 503;
  case ErrorKind::timeout: return 504;
  case ErrorKind::internal:
  case ErrorKind::config:
  case ErrorKind::plugin: return 500;
  }
  return 500;
}

} // namespace agenthost
