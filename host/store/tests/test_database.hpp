// A fresh, migrated database for one test, on either engine.
//
// SQLite: a new file in a temporary directory. PostgreSQL: a new schema on the test cluster
// that the ctest fixture `postgres` starts (its URL is in the file named by
// AGENTHOST_TEST_POSTGRES_URL_FILE). Without that variable a PostgreSQL test fails, saying how
// to run it; it is never skipped, so a green run always covered both engines.
#pragma once

#include "store/database.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace agenthost::store::testing {

class TestDatabase {
public:
  explicit TestDatabase(Engine engine, bool migrated = true);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Database& database() { return *database_; }
  const DatabaseOptions& options() const { return options_; }
  // Opens a second, independent pool on the same database (another "host").
  std::unique_ptr<Database> open_another() const;

private:
  Engine engine_;
  DatabaseOptions options_;
  std::string scratch_dir_;   // sqlite
  std::string admin_url_;     // postgresql: the cluster's maintenance database
  std::string database_name_; // postgresql: the test's schema
  std::unique_ptr<Database> database_;
};

// For TEST_P over both engines: INSTANTIATE_TEST_SUITE_P(Engines, MyTest, both_engines(), engine_name);
::testing::internal::ParamGenerator<Engine> both_engines();
std::string engine_name(const ::testing::TestParamInfo<Engine>& info);

// The cluster's URL; fails the current test (and throws) when it is not configured.
std::string postgres_admin_url();

} // namespace agenthost::store::testing
