#include "common/error.hpp"
#include "store/tests/test_database.hpp"
#include "store/user_store.hpp"

#include "store/query_counter.hpp"

#include <gtest/gtest.h>

#include <set>

namespace agenthost::store {
namespace {

using testing::TestDatabase;

class UserStoreTest : public ::testing::TestWithParam<Engine> {
protected:
  TestDatabase scratch{GetParam()};
  UserStore users{scratch.database()};
};

TEST_P(UserStoreTest, CreatesFindsAndListsUsers) {
  const UserRecord alice = users.create_user("alice", true);
  EXPECT_EQ(alice.id.rfind("usr_", 0), 0U);
  EXPECT_TRUE(alice.is_admin);
  const UserRecord bob = users.create_user("bob", false);
  EXPECT_EQ(users.find_user(alice.id)->name, "alice");
  EXPECT_EQ(users.find_user_by_name("bob")->id, bob.id);
  EXPECT_FALSE(users.find_user("usr_nope"));
  EXPECT_EQ(users.count_users(), 2);
  const Page<UserRecord> page = users.list_users(PageRequest{});
  ASSERT_EQ(page.items.size(), 2U);
  EXPECT_EQ(page.items[0].name, "bob"); // newest first
  EXPECT_FALSE(page.next_cursor);
}

TEST_P(UserStoreTest, DuplicateOrInvalidNamesAreRejected) {
  users.create_user("alice", false);
  try {
    users.create_user("alice", true);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::conflict);
    EXPECT_EQ(error.field(), "name");
  }
  for (const char* bad : {"", "has space", "semi;colon", "quote'"}) {
    try {
      users.create_user(bad, false);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::unprocessable);
    }
  }
}

TEST_P(UserStoreTest, TokensAuthenticateTheirUserAndAreStoredOnlyAsHashes) {
  const auto [alice, issued] = users.create_user_with_token("alice", true, "first");
  ASSERT_EQ(issued.token.size(), 46U);
  EXPECT_EQ(issued.token.rfind("ah_", 0), 0U);
  EXPECT_EQ(issued.record.prefix, issued.token.substr(0, kTokenPrefixLength));
  const std::optional<UserRecord> who = users.authenticate(issued.token);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->id, alice.id);
  EXPECT_TRUE(who->is_admin);

  // Nothing stored contains the secret part of the token.
  Connection connection = scratch.database().connect();
  for (const Row& row : connection.query("SELECT id, user_id, name, prefix, token_hash FROM api_tokens")) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      EXPECT_EQ(row.text(c).find(issued.token.substr(kTokenPrefixLength)), std::string::npos);
    }
    EXPECT_EQ(row.text(4), token_hash(issued.token));
    EXPECT_EQ(row.text(4).size(), 64U);
  }
}

TEST_P(UserStoreTest, WrongTokensDoNotAuthenticate) {
  const auto [alice, issued] = users.create_user_with_token("alice", false, "t");
  std::string altered = issued.token;
  altered.back() = altered.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(users.authenticate(altered));
  EXPECT_FALSE(users.authenticate(""));
  EXPECT_FALSE(users.authenticate(issued.token.substr(0, 20)));
  EXPECT_FALSE(users.authenticate(issued.token + "x"));
  EXPECT_FALSE(users.authenticate(token_hash(issued.token)));
}

TEST_P(UserStoreTest, EveryTokenIsDifferent) {
  const UserRecord bob = users.create_user("bob", false);
  std::set<std::string> tokens;
  for (int i = 0; i < 50; ++i) tokens.insert(users.issue_token(bob.id, "t" + std::to_string(i)).token);
  EXPECT_EQ(tokens.size(), 50U);
  EXPECT_EQ(users.list_tokens(bob.id).size(), 50U);
}

TEST_P(UserStoreTest, RevokeByPrefixStopsTheTokenOnly) {
  const UserRecord bob = users.create_user("bob", false);
  const IssuedToken first = users.issue_token(bob.id, "laptop");
  const IssuedToken second = users.issue_token(bob.id, "phone");
  const TokenRecord revoked = users.revoke_token(first.token.substr(0, 10));
  EXPECT_EQ(revoked.id, first.record.id);
  EXPECT_TRUE(revoked.revoked_at);
  EXPECT_FALSE(users.authenticate(first.token));
  EXPECT_TRUE(users.authenticate(second.token));
  // Revoked already: nothing live matches any more.
  try {
    users.revoke_token(first.token);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::not_found);
  }
}

TEST_P(UserStoreTest, RevokeNeedsAnUnambiguousPrefixOfAtLeastEightCharacters) {
  const UserRecord bob = users.create_user("bob", false);
  users.issue_token(bob.id, "a");
  users.issue_token(bob.id, "b");
  try {
    users.revoke_token("ah_");
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_request);
  }
  // Force two tokens with the same prefix to prove ambiguity is refused, not guessed.
  Connection connection = scratch.database().connect();
  connection.execute("UPDATE api_tokens SET prefix = 'ah_SAMEPREFX'");
  try {
    users.revoke_token("ah_SAMEPR");
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::conflict);
  }
  // Case matters: tokens are case-sensitive.
  EXPECT_THROW(users.revoke_token("ah_samepr"), Error);
}

TEST_P(UserStoreTest, AuthenticationIsOneStatement) {
  const auto [alice, issued] = users.create_user_with_token("alice", false, "t");
  const StatementCount count;
  ASSERT_TRUE(users.authenticate(issued.token));
  EXPECT_EQ(count.so_far(), 1U);
}

INSTANTIATE_TEST_SUITE_P(Engines, UserStoreTest, testing::both_engines(), testing::engine_name);

} // namespace
} // namespace agenthost::store
