#include "store/tests/test_database.hpp"

#include "store/ids.hpp"
#include "store/migrations.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace agenthost::store::testing {
namespace {

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

void run_admin(const std::string& admin_url, const std::string& sql) {
  DatabaseOptions options;
  options.engine = Engine::postgresql;
  options.postgres_url = admin_url;
  options.pool_size = 1;
  std::unique_ptr<Database> admin = Database::open(options);
  Connection connection = admin->connect();
  connection.execute(sql);
}

} // namespace

std::string postgres_admin_url() {
  const char* file = std::getenv("AGENTHOST_TEST_POSTGRES_URL_FILE");
  if (file == nullptr || *file == '\0') {
    ADD_FAILURE() << "AGENTHOST_TEST_POSTGRES_URL_FILE is not set: run the tests through ctest (its postgres fixture "
                     "starts a throwaway cluster) or ./dev test";
    throw std::runtime_error("no PostgreSQL test cluster");
  }
  std::ifstream in(file);
  std::string url;
  std::getline(in, url);
  if (url.empty()) {
    ADD_FAILURE() << "no URL in " << file << ": did the postgres_cluster_start test run and pass?";
    throw std::runtime_error("no PostgreSQL test cluster");
  }
  return url;
}

TestDatabase::TestDatabase(Engine engine, bool migrated) : engine_(engine) {
  options_.engine = engine;
  options_.pool_size = 8;
  if (engine == Engine::sqlite) {
    scratch_dir_ = (std::filesystem::temp_directory_path() / lowercase(new_id("agenthost-store-"))).string();
    std::filesystem::create_directories(scratch_dir_);
    options_.sqlite_path = scratch_dir_ + "/test.db";
  } else {
    // A schema per test, not a database: CREATE DATABASE takes about a second, a schema a
    // millisecond. The connection's search_path puts every unqualified table in it.
    admin_url_ = postgres_admin_url();
    database_name_ = lowercase(new_id("t_"));
    run_admin(admin_url_, "CREATE SCHEMA " + database_name_);
    options_.postgres_url = admin_url_ + (admin_url_.find('?') == std::string::npos ? "?" : "&") +
                            "options=-csearch_path%3D" + database_name_;
  }
  database_ = Database::open(options_);
  if (migrated) migrate(*database_);
}

TestDatabase::~TestDatabase() {
  database_.reset();
  try {
    if (engine_ == Engine::sqlite) {
      std::error_code ignored;
      std::filesystem::remove_all(scratch_dir_, ignored);
    } else {
      run_admin(admin_url_, "DROP SCHEMA IF EXISTS " + database_name_ + " CASCADE");
    }
  } catch (...) {
    // A leftover scratch database is harmless: the cluster is thrown away after the run.
  }
}

std::unique_ptr<Database> TestDatabase::open_another() const { return Database::open(options_); }

::testing::internal::ParamGenerator<Engine> both_engines() {
  return ::testing::Values(Engine::sqlite, Engine::postgresql);
}

std::string engine_name(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::sqlite ? "sqlite" : "postgresql";
}

} // namespace agenthost::store::testing
