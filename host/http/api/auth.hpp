// Who is calling: the bearer token of the Authorization header, checked against the store.
#pragma once

#include "store/records.hpp"
#include "store/user_store.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace agenthost::http {

// The token of an `Authorization: Bearer <token>` header value (the scheme is
// case-insensitive; exactly one token follows a single space). nullopt for anything else.
std::optional<std::string> bearer_token(std::string_view authorization);

// The caller named by `authorization` (the header value, nullopt when the header is absent).
// Throws Error(unauthorized) saying what was wrong; the caller adds WWW-Authenticate, using
// `challenge_for` to build its value.
store::UserRecord authenticate_caller(store::UserStore& users, const std::optional<std::string>& authorization);

// The WWW-Authenticate value for a 401: `token_presented` adds error="invalid_token".
std::string bearer_challenge(bool token_presented);

} // namespace agenthost::http
