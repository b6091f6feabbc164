#include "http/api/auth.hpp"

#include "common/error.hpp"

#include <cctype>

namespace agenthost::http {

namespace {

bool is_token_char(char c) {
  // RFC 6750 b64token: ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" then "="*.
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

} // namespace

std::optional<std::string> bearer_token(std::string_view authorization) {
  constexpr std::string_view scheme = "Bearer";
  if (authorization.size() <= scheme.size() + 1) return std::nullopt;
  if (!iequals(authorization.substr(0, scheme.size()), scheme) || authorization[scheme.size()] != ' ')
    return std::nullopt;
  const std::string_view token = authorization.substr(scheme.size() + 1);
  for (char c : token)
    if (!is_token_char(c)) return std::nullopt;
  return std::string(token);
}

store::UserRecord authenticate_caller(store::UserStore& users, const std::optional<std::string>& authorization) {
  if (!authorization) {
    throw Error(ErrorKind::unauthorized,
                "this route needs an API token: send 'Authorization: Bearer <token>' (an admin makes tokens with "
                "'agenthost tokens create NAME')");
  }
  const std::optional<std::string> token = bearer_token(*authorization);
  if (!token) {
    throw Error(ErrorKind::unauthorized,
                "the Authorization header must be 'Bearer <token>' with exactly one token after one space");
  }
  std::optional<store::UserRecord> user = users.authenticate(*token);
  if (!user) {
    throw Error(ErrorKind::unauthorized, "the API token is unknown or revoked; ask an admin for a new one");
  }
  return std::move(*user);
}

std::string bearer_challenge(bool token_presented) {
  std::string challenge = "Bearer realm=\"agenthost\"";
  if (token_presented) challenge += ", error=\"invalid_token\"";
  return challenge;
}

} // namespace agenthost::http
