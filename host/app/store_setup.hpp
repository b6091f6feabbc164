// Opening the deployment's database from [store]: the one way `serve` and every store verb
// (`migrate`, `users ...`, `tokens ...`) reach it, so they can never disagree on where it is.
#pragma once

#include "config/config.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

#include <memory>
#include <string>

namespace agenthost::app {

// [store] as DatabaseOptions. A relative `sqlite:PATH` is relative to the data directory.
store::DatabaseOptions database_options_of(const config::StoreConfig& store, const std::string& data_dir);

// Creates the directory (and its parents) when missing. Throws Error(ErrorKind::config) naming
// it when that fails.
void ensure_data_dir(const std::string& dir);

// Opens the database [store] names; for SQLite the data directory is created first. Throws
// Error(ErrorKind::config) saying what to fix (the password never appears in it).
std::unique_ptr<store::Database> open_store(const config::Config& config, const std::string& data_dir);

struct MigratedStore {
  std::unique_ptr<store::Database> database;
  store::MigrationReport migration;
};

// open_store, then the migrations this build knows.
MigratedStore open_migrated_store(const config::Config& config, const std::string& data_dir);

} // namespace agenthost::app
