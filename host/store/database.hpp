// The store's entry point: a pool of connections to SQLite or PostgreSQL, and transactions.
//
// SQLite (the embedded default) runs in WAL mode with foreign keys on, a busy timeout, and
// synchronous=FULL, so that a commit a 2xx response promises survives a power cut.
// PostgreSQL is reached through libpq with the operator's URL.
#pragma once

#include "store/connection.hpp"
#include "store/dialect.hpp"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <vector>

namespace agenthost::store {

struct DatabaseOptions {
  Engine engine = Engine::sqlite;
  std::string sqlite_path;  // for sqlite: the database file (created when missing)
  std::string postgres_url; // for postgresql: postgresql://user:pass@host:port/db
  int pool_size = 8;
  int busy_timeout_ms = 5000;
  // How long a caller waits for a free connection before getting ErrorKind::unavailable.
  std::chrono::milliseconds acquire_timeout{30000};
};

class Database {
public:
  // Opens one connection at once, so a wrong path, URL or password fails here with a message
  // saying what to fix (Error(ErrorKind::config), password redacted), not at the first request.
  static std::unique_ptr<Database> open(const DatabaseOptions& options);
  ~Database();

  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const Dialect& dialect() const noexcept { return dialect_; }
  const DatabaseOptions& options() const noexcept { return options_; }
  // The location for messages and logs, without the password.
  std::string describe() const;

  // Borrows a connection; it returns to the pool when the Connection is destroyed.
  Connection connect();

  // Runs `work(Connection&)` in a write transaction: committed when it returns, rolled back
  // when it throws (the exception propagates). Returns what `work` returns.
  template <class Work>
  auto transaction(Work&& work) -> std::invoke_result_t<Work, Connection&> {
    Connection connection = connect();
    connection.begin_write();
    if constexpr (std::is_void_v<std::invoke_result_t<Work, Connection&>>) {
      work(connection);
      connection.commit();
    } else {
      auto result = work(connection);
      connection.commit();
      return result;
    }
  }

private:
  explicit Database(DatabaseOptions options);
  Poco::Data::Session open_session() const;
  void release(Poco::Data::Session&& session, bool reusable);

  DatabaseOptions options_;
  Dialect dialect_;
  std::string connector_;  // Poco connector name
  std::string connection_; // what the connector is opened with

  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Poco::Data::Session> idle_;
  int open_sessions_ = 0;
};

} // namespace agenthost::store
