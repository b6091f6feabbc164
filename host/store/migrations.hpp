// Versioned schema migrations, applied in order at start and by `agenthost migrate`.
//
// Each migration runs in its own transaction together with its schema_migrations row, so a
// failure leaves the database at the previous version. On PostgreSQL an advisory lock makes
// hosts that start together apply each migration once; on SQLite BEGIN IMMEDIATE does that.
#pragma once

#include "store/database.hpp"

#include <string>
#include <vector>

namespace agenthost::store {

struct Migration {
  int version = 0;
  std::string name;
  std::vector<std::string> sqlite;     // statements for SQLite
  std::vector<std::string> postgresql; // statements for PostgreSQL
};

// Every migration this build knows, oldest first (schema.cpp).
const std::vector<Migration>& known_migrations();

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied; // "1 initial schema", ...
};

// Applies what is missing. Throws Error(ErrorKind::config) when the database was migrated by a
// newer agenthost (a version this build does not know): running on it could corrupt data.
MigrationReport migrate(Database& database);
MigrationReport migrate(Database& database, const std::vector<Migration>& migrations);

// The highest applied version (0 for an empty database).
int schema_version(Database& database);

} // namespace agenthost::store
