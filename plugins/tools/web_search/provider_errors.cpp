#include "provider_errors.hpp"

#include "agenthost/http_errors.hpp"

#include <string>

namespace web_search {

namespace {

using agenthost::CallError;

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// " (HTTP 429: <detail>)" or " (HTTP 429)".
std::string status_part(int status, std::string_view detail) {
  std::string part = " (HTTP " + std::to_string(status);
  if (!detail.empty()) part += ": " + std::string(detail);
  return part + ")";
}

std::string when_to_retry(const agenthost::HttpResponse& response) {
  const std::string retry_after = response.header("Retry-After");
  if (all_digits(retry_after)) return "; retry after " + retry_after + " seconds";
  if (!retry_after.empty()) return "; retry after " + agenthost::quote_for_message(retry_after, 40);
  return "; wait a little before searching again";
}

} // namespace

CallError http_failure(std::string_view label, const agenthost::HttpResponse& response, std::string_view detail,
                       std::string_view refusal_hint) {
  const int status = response.status;
  const std::string who(label);
  if (status >= 300 && status <= 399) {
    const std::string location = response.header("Location");
    return CallError::upstream(who + " redirected the search" + status_part(status, {}) +
                               (location.empty() ? std::string() : " to " + agenthost::url_origin(location)) +
                               "; the operator should set base_url to the address the provider answers at");
  }
  if (status == 401 || status == 403)
    return CallError(AH_ERR_PERMISSION,
                     who + " refused the search" + status_part(status, detail) + std::string(refusal_hint));
  if (status == 429)
    return CallError(AH_ERR_RATE_LIMITED,
                     who + " is rate limiting searches" + status_part(status, detail) + when_to_retry(response));
  if (status == 404)
    return CallError::not_found(who + " has no search endpoint there" + status_part(status, detail) +
                                "; the operator should check base_url (the provider's root address)");
  if (status >= 500 && status <= 599)
    return CallError(AH_ERR_UNAVAILABLE, who + " failed" + status_part(status, detail) +
                                             "; the provider is having trouble: try again later");
  return CallError(agenthost::status_for_http(status),
                   who + " rejected the search" + status_part(status, detail) + "; try a shorter or simpler query");
}

std::string readable_detail(std::string_view body) {
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || body[first] == '<') return {};
  if (body[first] == '{') return agenthost::read_provider_error(body).message;
  return agenthost::body_excerpt(body, 200);
}

std::optional<agenthost::json::Value> parse_json_body(std::string_view body, std::string* why) {
  try {
    return agenthost::json::parse(body);
  } catch (const agenthost::json::ParseError& e) {
    if (why) *why = e.what();
    return std::nullopt;
  }
}

std::optional<agenthost::json::Value> parse_answer(std::string_view label, std::string_view body) {
  std::string why;
  std::optional<agenthost::json::Value> answer = parse_json_body(body, &why);
  const std::size_t first = body.find_first_not_of(" \t\r\n");
  const bool meant_as_json = first != std::string_view::npos && (body[first] == '{' || body[first] == '[');
  if (!answer && meant_as_json) {
    throw CallError::upstream(std::string(label) + " answered JSON that cannot be read (" +
                              agenthost::quote_for_message(why, 200) +
                              "); the answer was broken on the way or by the provider: try again later");
  }
  return answer;
}

} // namespace web_search
