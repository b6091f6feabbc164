#include "store/dialect.hpp"

#include <gtest/gtest.h>

namespace agenthost::store {
namespace {

TEST(Dialect, SqliteKeepsQuestionMarks) {
  EXPECT_EQ(Dialect(Engine::sqlite).translate("SELECT ? , ?"), "SELECT ? , ?");
}

TEST(Dialect, PostgresNumbersPlaceholdersInOrder) {
  EXPECT_EQ(Dialect(Engine::postgresql).translate("INSERT INTO t VALUES (?, ?, ?)"), "INSERT INTO t VALUES ($1, $2, $3)");
}

TEST(Dialect, PostgresLeavesQuotedTextAndCommentsAlone) {
  const Dialect pg(Engine::postgresql);
  EXPECT_EQ(pg.translate("SELECT '?', \"a?\", ? -- what?\n, ?"), "SELECT '?', \"a?\", $1 -- what?\n, $2");
  EXPECT_EQ(pg.translate("SELECT 'it''s?' , ?"), "SELECT 'it''s?' , $1");
}

TEST(Dialect, WriteTransactionsTakeSqlitesLockAtOnce) {
  EXPECT_STREQ(Dialect(Engine::sqlite).begin_write(), "BEGIN IMMEDIATE");
  EXPECT_STREQ(Dialect(Engine::postgresql).begin_write(), "BEGIN");
}

} // namespace
} // namespace agenthost::store
