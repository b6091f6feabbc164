// The verbs that work on the database: `migrate`, `users create|list`, `tokens create|list|revoke`.
// They read [store] from the same config `serve` uses, and apply missing migrations first (the
// same ones `serve` would), so they work on a fresh data directory too.
//
// Secrets go to stdout alone on their line, so `TOKEN=$(agenthost tokens create bob)` works;
// everything said to the person goes to stderr.
#include "app/deployment.hpp"
#include "app/store_setup.hpp"
#include "app/verbs.hpp"
#include "common/error.hpp"
#include "config/config_error.hpp"
#include "store/timestamps.hpp"
#include "store/user_store.hpp"

#include <iomanip>
#include <iostream>

namespace agenthost::app {
namespace {

config::Config valid_config_of(const Command& command) {
  config::LoadResult loaded = load_deployment_config(command);
  if (!loaded.errors.empty()) config::throw_config_errors(loaded.errors);
  return std::move(loaded.config);
}

std::unique_ptr<store::Database> migrated_store_of(const Command& command) {
  return open_migrated_store(valid_config_of(command), data_dir_of(command)).database;
}

store::UserRecord user_named(store::UserStore& users, const std::string& name) {
  std::optional<store::UserRecord> user = users.find_user_by_name(name);
  if (!user) {
    throw Error(ErrorKind::not_found, "no user named '" + name + "'; `agenthost users list` shows the users");
  }
  return *user;
}

std::string optional_time(const std::optional<std::int64_t>& ms) { return ms ? store::format_timestamp(*ms) : "-"; }

} // namespace

int run_migrate(const Command& command) {
  const MigratedStore opened = open_migrated_store(valid_config_of(command), data_dir_of(command));
  const store::MigrationReport& report = opened.migration;
  std::cout << opened.database->describe() << ": schema version " << report.from_version << " -> "
            << report.to_version << "\n";
  for (const std::string& migration : report.applied) std::cout << "applied " << migration << "\n";
  if (report.applied.empty()) std::cout << "up to date\n";
  return 0;
}

int run_users_create(const Command& command) {
  std::unique_ptr<store::Database> database = migrated_store_of(command);
  store::UserStore users(*database);
  const auto [user, issued] = users.create_user_with_token(command.name, command.admin, "agenthost users create");
  std::cout << issued.token << std::endl;
  std::cerr << "created " << (user.is_admin ? "admin " : "user ") << user.name << " (" << user.id
            << "); the API token above is shown only now: keep it (`agenthost tokens create " << user.name
            << "` makes another)\n";
  return 0;
}

int run_users_list(const Command& command) {
  std::unique_ptr<store::Database> database = migrated_store_of(command);
  store::UserStore users(*database);
  std::cout << std::left << std::setw(32) << "ID" << std::setw(24) << "NAME" << std::setw(7) << "ADMIN"
            << "CREATED\n";
  store::PageRequest page;
  page.limit = store::kMaxPageSize;
  while (true) {
    const store::Page<store::UserRecord> listed = users.list_users(page);
    for (const store::UserRecord& user : listed.items) {
      std::cout << std::setw(32) << user.id << std::setw(24) << user.name << std::setw(7)
                << (user.is_admin ? "yes" : "no") << store::format_timestamp(user.created_at) << "\n";
    }
    if (!listed.next_cursor) break;
    page.after_id = store::decode_cursor(*listed.next_cursor);
  }
  return 0;
}

int run_tokens_create(const Command& command) {
  std::unique_ptr<store::Database> database = migrated_store_of(command);
  store::UserStore users(*database);
  const store::UserRecord user = user_named(users, command.name);
  const store::IssuedToken issued = users.issue_token(user.id, "agenthost tokens create");
  std::cout << issued.token << std::endl;
  std::cerr << "new token " << issued.record.id << " (prefix " << issued.record.prefix << ") for " << user.name
            << "; it is shown only now: keep it\n";
  return 0;
}

int run_tokens_list(const Command& command) {
  std::unique_ptr<store::Database> database = migrated_store_of(command);
  store::UserStore users(*database);
  const store::UserRecord user = user_named(users, command.name);
  std::cout << std::left << std::setw(32) << "ID" << std::setw(15) << "PREFIX" << std::setw(26) << "NAME"
            << std::setw(26) << "CREATED" << "REVOKED\n";
  for (const store::TokenRecord& token : users.list_tokens(user.id)) {
    std::cout << std::setw(32) << token.id << std::setw(15) << token.prefix << std::setw(26) << token.name
              << std::setw(26) << store::format_timestamp(token.created_at) << std::setw(26)
              << optional_time(token.revoked_at) << "\n";
  }
  return 0;
}

int run_tokens_revoke(const Command& command) {
  std::unique_ptr<store::Database> database = migrated_store_of(command);
  store::UserStore users(*database);
  const store::TokenRecord revoked = users.revoke_token(command.name);
  const std::optional<store::UserRecord> owner = users.find_user(revoked.user_id);
  std::cout << "revoked token " << revoked.id << " (name '" << revoked.name << "', user "
            << (owner ? owner->name : revoked.user_id) << ", prefix " << revoked.prefix << ")\n";
  return 0;
}

} // namespace agenthost::app
