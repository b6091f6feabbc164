#include "store/database.hpp"

#include "common/error.hpp"
#include "config/postgres_url.hpp"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Statement.h>

#include <filesystem>
#include <mutex>

namespace agenthost::store {
namespace {

void register_connectors() {
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Data::SQLite::Connector::registerConnector();
    Poco::Data::PostgreSQL::Connector::registerConnector();
  });
}

} // namespace

Database::Database(DatabaseOptions options) : options_(std::move(options)), dialect_(options_.engine) {
  if (options_.engine == Engine::sqlite) {
    connector_ = "SQLite";
    connection_ = options_.sqlite_path;
  } else {
    connector_ = "PostgreSQL";
    connection_ = config::libpq_connection_string(options_.postgres_url);
  }
}

Database::~Database() = default;

std::string Database::describe() const {
  if (options_.engine == Engine::sqlite) return "sqlite:" + options_.sqlite_path;
  return config::redact_url_password(options_.postgres_url);
}

std::unique_ptr<Database> Database::open(const DatabaseOptions& options) {
  register_connectors();
  if (options.pool_size < 1) throw Error(ErrorKind::config, "store pool size must be at least 1");
  if (options.engine == Engine::sqlite) {
    if (options.sqlite_path.empty()) throw Error(ErrorKind::config, "the SQLite store needs a file path");
    const std::filesystem::path parent = std::filesystem::path(options.sqlite_path).parent_path();
    if (!parent.empty() && !std::filesystem::is_directory(parent)) {
      throw Error(ErrorKind::config, "cannot open the SQLite store " + options.sqlite_path + ": directory " +
                                         parent.string() + " does not exist");
    }
  }
  std::unique_ptr<Database> database(new Database(options));
  // One connection now: bad credentials or an unreachable server fail at start, clearly.
  Poco::Data::Session first = database->open_session();
  std::lock_guard<std::mutex> lock(database->mutex_);
  database->idle_.push_back(std::move(first));
  database->open_sessions_ = 1;
  return database;
}

Poco::Data::Session Database::open_session() const {
  try {
    Poco::Data::Session session(connector_, connection_);
    if (options_.engine == Engine::sqlite) {
      using Poco::Data::Keywords::now;
      // Per-connection settings; journal_mode is persistent but cheap to restate.
      session << "PRAGMA busy_timeout = " + std::to_string(options_.busy_timeout_ms), now;
      session << "PRAGMA journal_mode = WAL", now;
      session << "PRAGMA synchronous = FULL", now;
      session << "PRAGMA foreign_keys = ON", now;
    } else {
      // libpq prints server NOTICEs ("relation already exists, skipping") to stderr, which
      // would interleave with the host's JSON log lines; warnings and errors still arrive.
      session << "SET client_min_messages TO WARNING", Poco::Data::Keywords::now;
    }
    return session;
  } catch (const Poco::Exception& error) {
    throw Error(ErrorKind::config, "cannot open the " + std::string(dialect_.name()) + " store " + describe() +
                                       ": " + error.displayText() +
                                       " (check [store] url, that the server runs and the credentials)");
  }
}

Connection Database::connect() {
  std::unique_lock<std::mutex> lock(mutex_);
  const auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
  while (idle_.empty() && open_sessions_ >= options_.pool_size) {
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_sessions_ >= options_.pool_size) {
      throw Error(ErrorKind::unavailable, "all " + std::to_string(options_.pool_size) +
                                              " database connections stayed busy; retry later or raise [store] pool_size");
    }
  }
  auto release = [this](Poco::Data::Session&& session, bool reusable) { this->release(std::move(session), reusable); };
  if (!idle_.empty()) {
    Poco::Data::Session session = std::move(idle_.back());
    idle_.pop_back();
    return Connection(std::move(session), dialect_, release);
  }
  ++open_sessions_;
  lock.unlock();
  try {
    return Connection(open_session(), dialect_, release);
  } catch (...) {
    lock.lock();
    --open_sessions_;
    available_.notify_one();
    throw;
  }
}

void Database::release(Poco::Data::Session&& session, bool reusable) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (reusable) {
    idle_.push_back(std::move(session));
  } else {
    --open_sessions_; // dropped: a broken connection is closed, a new one opens on demand
  }
  available_.notify_one();
}

} // namespace agenthost::store
