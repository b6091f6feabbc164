#include "store/migrations.hpp"

#include "common/error.hpp"
#include "store/timestamps.hpp"

namespace agenthost::store {
namespace {

constexpr const char* kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at BIGINT NOT NULL)";
// Any constant works; it only has to be the same for every agenthost.
constexpr const char* kPostgresLock = "SELECT pg_advisory_xact_lock(7245001)";

int read_version(Connection& connection) {
  const std::optional<Row> row = connection.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return row ? static_cast<int>(row->integer(0)) : 0;
}

// Takes the migration lock (PostgreSQL) inside the connection's open transaction.
void lock_for_migration(Connection& connection) {
  if (connection.dialect().engine() == Engine::postgresql) connection.query(kPostgresLock);
}

} // namespace

int schema_version(Database& database) {
  Connection connection = database.connect();
  connection.execute(kCreateVersionTable);
  return read_version(connection);
}

MigrationReport migrate(Database& database) { return migrate(database, known_migrations()); }

MigrationReport migrate(Database& database, const std::vector<Migration>& migrations) {
  MigrationReport report;
  {
    Connection connection = database.connect();
    connection.begin_write();
    lock_for_migration(connection);
    connection.execute(kCreateVersionTable);
    connection.commit();
  }
  report.from_version = schema_version(database);
  const int newest_known = migrations.empty() ? 0 : migrations.back().version;
  if (report.from_version > newest_known) {
    throw Error(ErrorKind::config, "the database " + database.describe() + " is at schema version " +
                                       std::to_string(report.from_version) + ", newer than this agenthost knows (" +
                                       std::to_string(newest_known) + "); run a newer agenthost");
  }
  for (const Migration& migration : migrations) {
    database.transaction([&](Connection& connection) {
      lock_for_migration(connection);
      // Another host may have applied it while we waited for the lock.
      if (read_version(connection) >= migration.version) return;
      const std::vector<std::string>& statements =
          connection.dialect().engine() == Engine::sqlite ? migration.sqlite : migration.postgresql;
      for (const std::string& statement : statements) connection.execute(statement);
      connection.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                         {static_cast<std::int64_t>(migration.version), migration.name, now_ms()});
      report.applied.push_back(std::to_string(migration.version) + " " + migration.name);
    });
  }
  report.to_version = schema_version(database);
  return report;
}

} // namespace agenthost::store
