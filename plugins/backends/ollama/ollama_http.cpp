#include "ollama_http.hpp"

#include "agenthost/http_errors.hpp"

namespace ollama {

namespace json = agenthost::json;
using agenthost::CallError;

namespace {

agenthost::HttpRequest make_request(const Endpoint& endpoint, std::string method, std::string_view path,
                                    const std::string& body) {
  agenthost::HttpRequest request;
  request.method = std::move(method);
  request.url = endpoint.base_url + std::string(path);
  request.headers.emplace_back("Accept", "application/x-ndjson, application/json");
  if (!endpoint.api_key.empty()) request.headers.emplace_back("Authorization", "Bearer " + endpoint.api_key);
  if (!body.empty()) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = body;
  }
  return request;
}

bool is_success(int status) { return status >= 200 && status < 300; }

CallError http_error(const agenthost::HttpResponse& response, const agenthost::HttpRequest& request,
                     const Endpoint& endpoint) {
  return agenthost::http_status_error("Ollama", response.status, response.body, request.url, endpoint.api_key);
}

} // namespace

void stream_exchange(const agenthost::HostServices& host, agenthost::Call& call, const Endpoint& endpoint,
                     std::string_view path, const std::string& body,
                     const std::function<void(std::string_view chunk)>& feed, const std::function<void()>& finish) {
  const agenthost::HttpRequest request = make_request(endpoint, "POST", path, body);
  // The status is known before the body: a 2xx body goes straight to the parser, unbuffered, and
  // a parser's CallError travels through the host and out of http_stream unchanged.
  const agenthost::HttpResponse response = host.http_stream(call, request, [&](std::string_view chunk) {
    feed(chunk);
    return true;
  });
  if (!is_success(response.status)) throw http_error(response, request, endpoint);
  finish();
}

json::Value exchange_json(const agenthost::HostServices& host, agenthost::Call& call, const Endpoint& endpoint,
                          std::string method, std::string_view path, const std::string& body) {
  const agenthost::HttpRequest request = make_request(endpoint, std::move(method), path, body);
  const agenthost::HttpResponse response = host.http(call, request);
  if (!is_success(response.status)) throw http_error(response, request, endpoint);
  try {
    return json::parse(response.body);
  } catch (const json::ParseError& e) {
    throw CallError::upstream("Ollama at " + agenthost::url_origin(request.url) + " answered " + std::string(path) +
                              " with a body that is not JSON (" + e.detail() + "): " +
                              agenthost::quote_for_message(response.body, 80));
  }
}

} // namespace ollama
