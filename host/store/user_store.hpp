// Users and their API tokens.
//
// A token is "ah_" + 43 base64url characters (32 random bytes). It is shown once, when made;
// the store keeps only its SHA-256 and its first characters (the prefix, to name it in lists
// and to revoke it), so a leaked database leaks no usable token.
#pragma once

#include "store/database.hpp"
#include "store/pagination.hpp"
#include "store/records.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace agenthost::store {

struct IssuedToken {
  TokenRecord record;
  std::string token; // the secret; show it once, never store or log it
};

class UserStore {
public:
  explicit UserStore(Database& database) : database_(database) {}

  // Throws Error(conflict) when the name is taken, Error(unprocessable) for an empty name.
  UserRecord create_user(std::string_view name, bool is_admin);
  // A user and a first token for it, in one transaction.
  std::pair<UserRecord, IssuedToken> create_user_with_token(std::string_view name, bool is_admin,
                                                            std::string_view token_name);
  std::optional<UserRecord> find_user(std::string_view id);
  std::optional<UserRecord> find_user_by_name(std::string_view name);
  Page<UserRecord> list_users(const PageRequest& page);
  std::int64_t count_users();

  // Throws Error(not_found) when the user does not exist.
  IssuedToken issue_token(std::string_view user_id, std::string_view token_name);
  // The user a presented token belongs to: one statement. Unknown and revoked tokens → nullopt.
  std::optional<UserRecord> authenticate(std::string_view token);
  // Revokes the one live token whose text starts with `prefix` (at least 8 characters; the
  // whole token works too). Throws Error(not_found) when none matches and Error(conflict)
  // when several do (give more characters). Returns the revoked token.
  TokenRecord revoke_token(std::string_view prefix);
  std::vector<TokenRecord> list_tokens(std::string_view user_id);

private:
  Database& database_;
};

// Exposed for tests: the stored form of a token.
std::string token_hash(std::string_view token);
inline constexpr std::size_t kTokenPrefixLength = 12; // "ah_" + 9 characters

} // namespace agenthost::store
