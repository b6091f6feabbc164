// The database layer on both engines: migrations, transactions, errors, statement counting,
// concurrent use of the pool.
#include "common/error.hpp"
#include "store/migrations.hpp"
#include "store/query_counter.hpp"
#include "store/tests/test_database.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace agenthost::store {
namespace {

using testing::both_engines;
using testing::engine_name;
using testing::TestDatabase;

class DatabaseTest : public ::testing::TestWithParam<Engine> {};

TEST_P(DatabaseTest, MigratesAnEmptyDatabaseOnceAndThenDoesNothing) {
  TestDatabase scratch(GetParam(), /*migrated=*/false);
  const MigrationReport first = migrate(scratch.database());
  EXPECT_EQ(first.from_version, 0);
  EXPECT_EQ(first.to_version, known_migrations().back().version);
  EXPECT_EQ(first.applied.size(), known_migrations().size());
  const MigrationReport second = migrate(scratch.database());
  EXPECT_EQ(second.from_version, second.to_version);
  EXPECT_TRUE(second.applied.empty());
  // The tables exist.
  Connection connection = scratch.database().connect();
  EXPECT_EQ(connection.query_one("SELECT COUNT(*) FROM conversations")->integer(0), 0);
}

TEST_P(DatabaseTest, RefusesADatabaseMigratedByANewerVersion) {
  TestDatabase scratch(GetParam());
  {
    Connection connection = scratch.database().connect();
    connection.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                       {std::int64_t{999}, std::string("from the future"), std::int64_t{0}});
  }
  try {
    migrate(scratch.database());
    FAIL() << "migrated a database at a newer schema version";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::config);
    EXPECT_NE(std::string(error.what()).find("999"), std::string::npos) << error.what();
  }
}

TEST_P(DatabaseTest, AFailedMigrationLeavesThePreviousVersion) {
  TestDatabase scratch(GetParam(), false);
  std::vector<Migration> migrations = known_migrations();
  migrations.push_back(Migration{1000, "broken", {"CREATE TABLE ok_table (x INTEGER)", "NOT SQL"},
                                 {"CREATE TABLE ok_table (x INTEGER)", "NOT SQL"}});
  EXPECT_ANY_THROW(migrate(scratch.database(), migrations));
  EXPECT_EQ(schema_version(scratch.database()), known_migrations().back().version);
  Connection connection = scratch.database().connect();
  // The broken migration's first statement was rolled back with it.
  EXPECT_ANY_THROW(connection.query("SELECT x FROM ok_table"));
}

TEST_P(DatabaseTest, TransactionCommitsOnReturnAndRollsBackOnThrow) {
  TestDatabase scratch(GetParam());
  Database& database = scratch.database();
  database.transaction([](Connection& c) {
    c.execute("INSERT INTO users (id, name, is_admin, created_at) VALUES (?, ?, ?, ?)",
              {std::string("usr_1"), std::string("kept"), false, std::int64_t{1}});
  });
  EXPECT_THROW(database.transaction([](Connection& c) {
    c.execute("INSERT INTO users (id, name, is_admin, created_at) VALUES (?, ?, ?, ?)",
              {std::string("usr_2"), std::string("dropped"), false, std::int64_t{2}});
    throw std::runtime_error("changed my mind");
  }),
               std::runtime_error);
  Connection connection = database.connect();
  const Rows rows = connection.query("SELECT name FROM users ORDER BY id");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].text(0), "kept");
}

TEST_P(DatabaseTest, UniqueViolationIsAConflictAndLeaksNoSql) {
  TestDatabase scratch(GetParam());
  Connection connection = scratch.database().connect();
  const SqlParams row{std::string("usr_1"), std::string("same"), false, std::int64_t{1}};
  connection.execute("INSERT INTO users (id, name, is_admin, created_at) VALUES (?, ?, ?, ?)", row);
  try {
    connection.execute("INSERT INTO users (id, name, is_admin, created_at) VALUES (?, ?, ?, ?)", row);
    FAIL() << "duplicate accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::conflict);
    EXPECT_EQ(std::string(error.what()).find("INSERT"), std::string::npos) << error.what();
  }
}

TEST_P(DatabaseTest, SyntaxErrorsAreNotClientErrors) {
  TestDatabase scratch(GetParam());
  Connection connection = scratch.database().connect();
  try {
    connection.query("SELEC nonsense");
    FAIL();
  } catch (const Error&) {
    FAIL() << "a database failure must not look like a client error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("database error"), std::string::npos);
  }
}

TEST_P(DatabaseTest, RoundTripsEveryValueType) {
  TestDatabase scratch(GetParam());
  Connection connection = scratch.database().connect();
  connection.execute("CREATE TABLE kinds (t TEXT, i BIGINT, d DOUBLE PRECISION, b BOOLEAN, n TEXT)");
  const std::string unicode = "h\xC3\xA9llo \xF0\x9F\x98\x80 'quoted' ?";
  connection.execute("INSERT INTO kinds VALUES (?, ?, ?, ?, ?)",
                     {unicode, std::int64_t{1} << 50, 2.5, true, sql_null});
  const Row row = *connection.query_one("SELECT t, i, d, b, n FROM kinds");
  EXPECT_EQ(row.text(0), unicode);
  EXPECT_EQ(row.integer(1), std::int64_t{1} << 50);
  EXPECT_DOUBLE_EQ(row.real(2), 2.5);
  EXPECT_TRUE(row.boolean(3));
  EXPECT_TRUE(row.is_null(4));
  EXPECT_FALSE(row.optional_text(4).has_value());
  EXPECT_THROW(row.text(4), Error);
}

TEST_P(DatabaseTest, CountsDataStatementsNotTransactionControl) {
  TestDatabase scratch(GetParam());
  const StatementCount count;
  scratch.database().transaction([](Connection& c) {
    c.query("SELECT COUNT(*) FROM users");
    c.query("SELECT COUNT(*) FROM agents");
  });
  EXPECT_EQ(count.so_far(), 2U);
}

TEST_P(DatabaseTest, ConcurrentWritersAllCommit) {
  TestDatabase scratch(GetParam());
  Database& database = scratch.database();
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        try {
          database.transaction([&](Connection& c) {
            c.execute("INSERT INTO users (id, name, is_admin, created_at) VALUES (?, ?, ?, ?)",
                      {"usr_" + std::to_string(t) + "_" + std::to_string(i), "u" + std::to_string(t) + "_" + std::to_string(i),
                       false, std::int64_t{0}});
          });
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  Connection connection = database.connect();
  EXPECT_EQ(connection.query_one("SELECT COUNT(*) FROM users")->integer(0), 200);
}

TEST_P(DatabaseTest, PoolHandsOutAtMostItsSizeAndWaitsForReturns) {
  TestDatabase scratch(GetParam());
  DatabaseOptions options = scratch.options();
  options.pool_size = 2;
  options.acquire_timeout = std::chrono::milliseconds(200);
  std::unique_ptr<Database> small = Database::open(options);
  {
    Connection a = small->connect();
    Connection b = small->connect();
    try {
      Connection c = small->connect();
      FAIL() << "a third connection from a pool of two";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::unavailable);
    }
  }
  Connection again = small->connect(); // returned ones are reused
  EXPECT_EQ(again.query_one("SELECT 1")->integer(0), 1);
}

TEST_P(DatabaseTest, InsertRowsWritesEveryRowInFewStatements) {
  TestDatabase scratch(GetParam());
  Connection connection = scratch.database().connect();
  connection.execute("CREATE TABLE bulk (id BIGINT PRIMARY KEY, label TEXT, score DOUBLE PRECISION)");
  SqlParams values;
  constexpr std::int64_t rows = 5000;
  for (std::int64_t i = 0; i < rows; ++i) {
    values.insert(values.end(), {i, i % 7 == 0 ? SqlValue(sql_null) : SqlValue("row " + std::to_string(i)), i * 0.5});
  }
  const StatementCount count;
  EXPECT_EQ(connection.insert_rows("INSERT INTO bulk (id, label, score)", 3, values), static_cast<std::size_t>(rows));
  // SQLite: one statement stepped per row; PostgreSQL: 1333 rows of 3 values per statement.
  EXPECT_EQ(count.so_far(), GetParam() == Engine::sqlite ? 1U : 4U);
  EXPECT_EQ(connection.query_one("SELECT COUNT(*), SUM(id) FROM bulk")->integer(1), rows * (rows - 1) / 2);
  EXPECT_EQ(connection.query_one("SELECT COUNT(*) FROM bulk WHERE label IS NULL")->integer(0), (rows + 6) / 7);
  EXPECT_EQ(connection.query_one("SELECT label, score FROM bulk WHERE id = 4999")->text(0), "row 4999");
  EXPECT_EQ(connection.insert_rows("INSERT INTO bulk (id, label, score)", 3, {}), 0U);
  EXPECT_THROW(connection.insert_rows("INSERT INTO bulk (id, label, score)", 3, {std::int64_t{1}}), Error);
  // A column mixing value types still goes in (SQLite falls back to multi-row VALUES).
  EXPECT_EQ(connection.insert_rows("INSERT INTO bulk (id, label, score)", 3,
                                   {std::int64_t{10001}, std::string("a"), 1.5, std::int64_t{10002}, std::string("b"),
                                    std::int64_t{2}}),
            2U);
  EXPECT_DOUBLE_EQ(connection.query_one("SELECT score FROM bulk WHERE id = 10002")->real(0), 2.0);
}

INSTANTIATE_TEST_SUITE_P(Engines, DatabaseTest, both_engines(), engine_name);

TEST(SqliteDatabase, RunsInWalModeWithForeignKeysAndFullSync) {
  TestDatabase scratch(Engine::sqlite);
  Connection connection = scratch.database().connect();
  EXPECT_EQ(connection.query_one("PRAGMA journal_mode")->text(0), "wal");
  EXPECT_EQ(connection.query_one("PRAGMA foreign_keys")->integer(0), 1);
  EXPECT_EQ(connection.query_one("PRAGMA synchronous")->integer(0), 2); // FULL
  EXPECT_EQ(connection.query_one("PRAGMA busy_timeout")->integer(0), 5000);
}

TEST(SqliteDatabase, MissingDirectoryIsAConfigErrorNamingIt) {
  DatabaseOptions options;
  options.sqlite_path = "/nonexistent-dir-for-agenthost/x.db";
  try {
    Database::open(options);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::config);
    EXPECT_NE(std::string(error.what()).find("/nonexistent-dir-for-agenthost"), std::string::npos);
  }
}

TEST(PostgresDatabase, WrongPasswordOrDeadServerIsAConfigErrorWithoutThePassword) {
  DatabaseOptions options;
  options.engine = Engine::postgresql;
  options.postgres_url = "postgresql://someone:s3cret-pw@127.0.0.1:1/nowhere?connect_timeout=2";
  try {
    Database::open(options);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::config);
    EXPECT_EQ(std::string(error.what()).find("s3cret-pw"), std::string::npos) << error.what();
  }
}

} // namespace
} // namespace agenthost::store
