#include "app/store_setup.hpp"

#include "common/error.hpp"

#include <filesystem>
#include <system_error>

namespace agenthost::app {

store::DatabaseOptions database_options_of(const config::StoreConfig& store, const std::string& data_dir) {
  store::DatabaseOptions options;
  if (store.kind == config::StoreKind::sqlite) {
    options.engine = store::Engine::sqlite;
    options.sqlite_path = config::resolve_path(data_dir, store.sqlite_path);
  } else {
    options.engine = store::Engine::postgresql;
    options.postgres_url = store.url;
  }
  options.pool_size = store.pool_size;
  options.busy_timeout_ms = store.busy_timeout_ms;
  return options;
}

void ensure_data_dir(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error || !std::filesystem::is_directory(dir)) {
    throw Error(ErrorKind::config, "--data-dir " + dir + ": cannot create the directory (" +
                                       (error ? error.message() : std::string("not a directory")) +
                                       "); choose a writable directory");
  }
}

std::unique_ptr<store::Database> open_store(const config::Config& config, const std::string& data_dir) {
  if (config.store.kind == config::StoreKind::sqlite) ensure_data_dir(data_dir);
  return store::Database::open(database_options_of(config.store, data_dir));
}

MigratedStore open_migrated_store(const config::Config& config, const std::string& data_dir) {
  MigratedStore result;
  result.database = open_store(config, data_dir);
  result.migration = store::migrate(*result.database);
  return result;
}

} // namespace agenthost::app
