#include "ollama_http.hpp"

#include "ndjson_splitter.hpp"

#include <optional>

namespace ollama {

namespace json = agenthost::json;
using agenthost::CallError;

namespace {

// Enough of an error body to quote; Ollama's are one short JSON object.
constexpr std::size_t kMaxErrorBodyBytes = 16 * 1024;

agenthost::HttpRequest make_request(const Endpoint& endpoint, std::string method, std::string_view path) {
  agenthost::HttpRequest request;
  request.method = std::move(method);
  request.url = endpoint.base_url + std::string(path);
  request.headers.emplace_back("Accept", "application/x-ndjson, application/json");
  if (!endpoint.api_key.empty()) request.headers.emplace_back("Authorization", "Bearer " + endpoint.api_key);
  return request;
}

bool is_success(int status) { return status >= 200 && status < 300; }

// Ollama's own text from an error body: the "error" member when it is JSON, else the body.
std::string error_text_of(std::string_view body) {
  try {
    const json::Value value = json::parse(body);
    if (const json::Value* error = value.find("error"); error && error->is_string()) return error->as_string();
    if (const json::Value* error = value.find("error"); error && error->is_object()) {
      if (const json::Value* m = error->find("message"); m && m->is_string()) return m->as_string();
    }
  } catch (const std::exception&) {
    // Not JSON (a proxy's HTML page, plain text): quote it as it is.
  }
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "(empty body)";
  const std::size_t last = body.find_last_not_of(" \t\r\n");
  return agenthost::quote_for_message(body.substr(first, last - first + 1), 300);
}

ah_status status_kind(int http_status) {
  switch (http_status) {
  case 400: case 422: return AH_ERR_INVALID_ARGUMENT;
  case 401: case 403: return AH_ERR_PERMISSION;
  case 404: return AH_ERR_NOT_FOUND;
  case 408: case 504: return AH_ERR_TIMEOUT;
  case 413: return AH_ERR_TOO_LARGE;
  case 429: return AH_ERR_RATE_LIMITED;
  case 502: case 503: return AH_ERR_UNAVAILABLE;
  default: return AH_ERR_UPSTREAM;
  }
}

} // namespace

CallError http_error(int status, std::string_view body, std::string_view url) {
  std::string message = "Ollama at " + agenthost::url_origin(url) + " answered HTTP " + std::to_string(status) + ": " +
                        error_text_of(body);
  if (status == 404 && message.find("not found") != std::string::npos && message.find("pull") == std::string::npos) {
    message += " (pull the model first)";
  }
  if (status == 401 || status == 403) message += " (check api_key: the server or a proxy in front of it refused it)";
  return CallError(status_kind(status), message);
}

void stream_exchange(const agenthost::HostServices& host, agenthost::Call& call, const Endpoint& endpoint,
                     std::string_view path, const std::string& body, BodyConsumer& consumer) {
  agenthost::HttpRequest request = make_request(endpoint, "POST", path);
  request.headers.emplace_back("Content-Type", "application/json");
  request.body = body;

  // The status is only known once http() returns, so the first bytes are kept to quote for an
  // error status, and a stream problem is remembered rather than thrown through the host.
  std::string head;
  std::optional<StreamError> stream_error;
  const agenthost::HttpResponse response = host.http(call, request, [&](std::string_view chunk) {
    if (head.size() < kMaxErrorBodyBytes) head.append(chunk.substr(0, kMaxErrorBodyBytes - head.size()));
    try {
      consumer.feed(chunk);
    } catch (const StreamError& e) {
      stream_error = e;
      return false;
    }
    return true;
  });
  if (!is_success(response.status)) throw http_error(response.status, head, request.url);
  if (!stream_error) {
    try {
      consumer.finish();
    } catch (const StreamError& e) {
      stream_error = e;
    }
  }
  if (stream_error) throw CallError::upstream(stream_error->what());
}

json::Value get_json(const agenthost::HostServices& host, agenthost::Call& call, const Endpoint& endpoint,
                     std::string_view path) {
  const agenthost::HttpRequest request = make_request(endpoint, "GET", path);
  const agenthost::HttpResponse response = host.http(call, request);
  if (!is_success(response.status)) throw http_error(response.status, response.body, request.url);
  try {
    return json::parse(response.body);
  } catch (const json::ParseError& e) {
    throw CallError::upstream("Ollama at " + agenthost::url_origin(request.url) + " answered " + std::string(path) +
                              " with a body that is not JSON (" + e.detail() + "): " +
                              agenthost::quote_for_message(response.body, 80));
  }
}

} // namespace ollama
