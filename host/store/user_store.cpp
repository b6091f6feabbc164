#include "store/user_store.hpp"

#include "common/error.hpp"
#include "store/encoding.hpp"
#include "store/ids.hpp"
#include "store/timestamps.hpp"

namespace agenthost::store {
namespace {

constexpr std::string_view kTokenPrefix = "ah_";
constexpr std::size_t kTokenRandomBytes = 32;
constexpr std::size_t kTokenLength = 3 + 43; // "ah_" + base64url of 32 bytes
constexpr std::size_t kMinRevokePrefix = 8;

constexpr const char* kUserColumns = "id, name, is_admin, created_at";
constexpr const char* kTokenColumns = "id, user_id, name, prefix, created_at, revoked_at";

UserRecord user_of(const Row& row) {
  return UserRecord{row.text(0), row.text(1), row.boolean(2), row.integer(3)};
}

TokenRecord token_of(const Row& row) {
  return TokenRecord{row.text(0), row.text(1), row.text(2), row.text(3),
                     row.integer(4), row.optional_integer(5)};
}

std::string new_token() {
  unsigned char random[kTokenRandomBytes];
  fill_random(random, sizeof random);
  return std::string(kTokenPrefix) +
         base64url_encode(std::string_view(reinterpret_cast<const char*>(random), sizeof random));
}

void check_user_name(std::string_view name) {
  if (name.empty() || name.size() > 64) {
    throw Error(ErrorKind::unprocessable, "a user name must be 1 to 64 characters", "name");
  }
  for (char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                         c == '-' || c == '.' || c == '@';
    if (!allowed) {
      throw Error(ErrorKind::unprocessable,
                  "a user name may hold only letters, digits and _ - . @ (got '" + std::string(name) + "')", "name");
    }
  }
}

UserRecord insert_user(Connection& connection, std::string_view name, bool is_admin) {
  check_user_name(name);
  UserRecord user{new_id("usr_"), std::string(name), is_admin, now_ms()};
  try {
    connection.execute("INSERT INTO users (id, name, is_admin, created_at) VALUES (?, ?, ?, ?)",
                       {user.id, user.name, user.is_admin, user.created_at});
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::conflict) throw;
    throw Error(ErrorKind::conflict, "a user named '" + user.name + "' already exists", "name");
  }
  return user;
}

IssuedToken insert_token(Connection& connection, std::string_view user_id, std::string_view token_name) {
  IssuedToken issued;
  issued.token = new_token();
  issued.record = TokenRecord{new_id("tok_"), std::string(user_id), std::string(token_name),
                              issued.token.substr(0, kTokenPrefixLength), now_ms(), std::nullopt};
  connection.execute("INSERT INTO api_tokens (id, user_id, name, prefix, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                     {issued.record.id, issued.record.user_id, issued.record.name, issued.record.prefix,
                      token_hash(issued.token), issued.record.created_at});
  return issued;
}

} // namespace

std::string token_hash(std::string_view token) { return sha256_hex(token); }

UserRecord UserStore::create_user(std::string_view name, bool is_admin) {
  return database_.transaction([&](Connection& connection) { return insert_user(connection, name, is_admin); });
}

std::pair<UserRecord, IssuedToken> UserStore::create_user_with_token(std::string_view name, bool is_admin,
                                                                     std::string_view token_name) {
  return database_.transaction([&](Connection& connection) {
    UserRecord user = insert_user(connection, name, is_admin);
    IssuedToken token = insert_token(connection, user.id, token_name);
    return std::make_pair(std::move(user), std::move(token));
  });
}

std::optional<UserRecord> UserStore::find_user(std::string_view id) {
  Connection connection = database_.connect();
  std::optional<Row> row =
      connection.query_one(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?", {std::string(id)});
  if (!row) return std::nullopt;
  return user_of(*row);
}

std::optional<UserRecord> UserStore::find_user_by_name(std::string_view name) {
  Connection connection = database_.connect();
  std::optional<Row> row =
      connection.query_one(std::string("SELECT ") + kUserColumns + " FROM users WHERE name = ?", {std::string(name)});
  if (!row) return std::nullopt;
  return user_of(*row);
}

Page<UserRecord> UserStore::list_users(const PageRequest& page) {
  Connection connection = database_.connect();
  std::string sql = std::string("SELECT ") + kUserColumns + " FROM users";
  SqlParams params;
  append_keyset_page(sql, params, page, /*has_where=*/false);
  std::vector<UserRecord> users;
  for (const Row& row : connection.query(sql, params)) users.push_back(user_of(row));
  return make_page(std::move(users), page, [](const UserRecord& user) { return user.id; });
}

std::int64_t UserStore::count_users() {
  Connection connection = database_.connect();
  return connection.query_one("SELECT COUNT(*) FROM users")->integer(0);
}

IssuedToken UserStore::issue_token(std::string_view user_id, std::string_view token_name) {
  return database_.transaction([&](Connection& connection) {
    if (!connection.query_one("SELECT id FROM users WHERE id = ?", {std::string(user_id)})) {
      throw Error(ErrorKind::not_found, "no user with id " + std::string(user_id));
    }
    return insert_token(connection, user_id, token_name);
  });
}

std::optional<UserRecord> UserStore::authenticate(std::string_view token) {
  // Shape first: garbage never costs a statement, and a wrong length cannot be a token.
  if (token.size() != kTokenLength || token.substr(0, kTokenPrefix.size()) != kTokenPrefix) return std::nullopt;
  Connection connection = database_.connect();
  std::optional<Row> row = connection.query_one(
      "SELECT u.id, u.name, u.is_admin, u.created_at FROM api_tokens t JOIN users u ON u.id = t.user_id "
      "WHERE t.token_hash = ? AND t.revoked_at IS NULL",
      {token_hash(token)});
  if (!row) return std::nullopt;
  return user_of(*row);
}

TokenRecord UserStore::revoke_token(std::string_view prefix) {
  if (prefix.size() < kMinRevokePrefix) {
    throw Error(ErrorKind::invalid_request, "give at least the first " + std::to_string(kMinRevokePrefix) +
                                                " characters of the token (e.g. ah_Xy12Z)");
  }
  return database_.transaction([&](Connection& connection) {
    Rows matches;
    if (prefix.size() >= kTokenLength) {
      matches = connection.query(std::string("SELECT ") + kTokenColumns +
                                     " FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL",
                                 {token_hash(prefix)});
    } else {
      // The stored prefix has kTokenPrefixLength characters: compare on the common length.
      const std::string stored = std::string(prefix.substr(0, kTokenPrefixLength));
      // The length is ours (not client text), so it is written into the SQL: a bound integer
      // would need a cast on PostgreSQL. LIKE is not used: it is case-insensitive on SQLite.
      const std::string length = std::to_string(stored.size());
      matches = connection.query(std::string("SELECT ") + kTokenColumns + " FROM api_tokens WHERE SUBSTR(prefix, 1, " +
                                     length + ") = ? AND revoked_at IS NULL",
                                 {stored});
    }
    if (matches.empty()) {
      throw Error(ErrorKind::not_found, "no live token starts with '" + std::string(prefix.substr(0, kTokenPrefixLength)) + "'");
    }
    if (matches.size() > 1) {
      throw Error(ErrorKind::conflict, std::to_string(matches.size()) + " tokens start with '" + std::string(prefix) +
                                           "'; give more characters");
    }
    TokenRecord token = token_of(matches[0]);
    token.revoked_at = now_ms();
    connection.execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ?", {*token.revoked_at, token.id});
    return token;
  });
}

std::vector<TokenRecord> UserStore::list_tokens(std::string_view user_id) {
  Connection connection = database_.connect();
  std::vector<TokenRecord> tokens;
  for (const Row& row : connection.query(std::string("SELECT ") + kTokenColumns +
                                             " FROM api_tokens WHERE user_id = ? ORDER BY id",
                                         {std::string(user_id)})) {
    tokens.push_back(token_of(row));
  }
  return tokens;
}

} // namespace agenthost::store
