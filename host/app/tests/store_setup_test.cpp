// The pieces `serve` and the store verbs share, on a real SQLite database in a temporary
// directory: where [store] points, the first-start admin, [agent.NAME] as store fields, and the
// token verbs' errors that an end-to-end test cannot provoke (an ambiguous prefix).
#include "app/admin_bootstrap.hpp"
#include "app/command_line.hpp"
#include "app/config_agents.hpp"
#include "app/store_setup.hpp"
#include "app/verbs.hpp"
#include "common/error.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

namespace agenthost::app {
namespace {

class TempDir {
public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "agenthost-app-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  const std::string& path() const { return path_; }

private:
  std::string path_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(DatabaseOptionsOf, ARelativeSqlitePathIsUnderTheDataDirAndPoolSettingsPassThrough) {
  config::StoreConfig store;
  store.sqlite_path = "db/main.db";
  store.pool_size = 3;
  store.busy_timeout_ms = 1234;
  const store::DatabaseOptions options = database_options_of(store, "/srv/agenthost");
  EXPECT_EQ(options.engine, store::Engine::sqlite);
  EXPECT_EQ(options.sqlite_path, "/srv/agenthost/db/main.db");
  EXPECT_EQ(options.pool_size, 3);
  EXPECT_EQ(options.busy_timeout_ms, 1234);

  store.sqlite_path = "/var/lib/ah.db";
  EXPECT_EQ(database_options_of(store, "/srv/agenthost").sqlite_path, "/var/lib/ah.db");
}

TEST(DatabaseOptionsOf, PostgresqlKeepsTheUrl) {
  config::StoreConfig store;
  store.kind = config::StoreKind::postgresql;
  store.url = "postgresql://u:p@db:5432/ah";
  const store::DatabaseOptions options = database_options_of(store, "/srv/agenthost");
  EXPECT_EQ(options.engine, store::Engine::postgresql);
  EXPECT_EQ(options.postgres_url, "postgresql://u:p@db:5432/ah");
}

TEST(OpenStore, CreatesTheDataDirAndMigratesOnce) {
  TempDir dir;
  const std::string data_dir = dir.file("nested/data");
  const config::Config config;
  const MigratedStore first = open_migrated_store(config, data_dir);
  EXPECT_TRUE(std::filesystem::is_regular_file(data_dir + "/agenthost.db"));
  EXPECT_EQ(first.migration.from_version, 0);
  EXPECT_FALSE(first.migration.applied.empty());
  const MigratedStore second = open_migrated_store(config, data_dir);
  EXPECT_EQ(second.migration.from_version, first.migration.to_version);
  EXPECT_TRUE(second.migration.applied.empty());
}

TEST(BootstrapAdmin, MakesOneAdminWithAPrivateTokenFileOnlyOnAnEmptyDatabase) {
  TempDir dir;
  const MigratedStore opened = open_migrated_store(config::Config{}, dir.path());
  store::UserStore users(*opened.database);

  const std::optional<BootstrappedAdmin> admin = bootstrap_admin(users, dir.path());
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->user.name, "admin");
  EXPECT_TRUE(admin->user.is_admin);
  EXPECT_EQ(admin->token_file, dir.file("admin.token"));
  EXPECT_EQ(read_file(admin->token_file), admin->token + "\n");
  struct stat info {};
  ASSERT_EQ(::stat(admin->token_file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_TRUE(users.authenticate(admin->token));
  EXPECT_EQ(users.authenticate(admin->token)->id, admin->user.id);

  EXPECT_FALSE(bootstrap_admin(users, dir.path())) << "users exist: nothing to do";
  EXPECT_EQ(read_file(admin->token_file), admin->token + "\n");
  EXPECT_EQ(users.count_users(), 1);
}

TEST(BootstrapAdmin, RefusesALeftoverTokenFileAndCreatesNoUser) {
  TempDir dir;
  const MigratedStore opened = open_migrated_store(config::Config{}, dir.path());
  store::UserStore users(*opened.database);
  std::ofstream(dir.file("admin.token")) << "old\n";
  try {
    bootstrap_admin(users, dir.path());
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::config);
    EXPECT_NE(std::string(error.what()).find("Remove it"), std::string::npos) << error.what();
  }
  EXPECT_EQ(users.count_users(), 0);
  EXPECT_EQ(read_file(dir.file("admin.token")), "old\n");
}

TEST(AgentFieldsOf, ParamsBecomeAJsonObjectAndTheStrategyChainOneString) {
  config::AgentConfig agent;
  agent.name = "helper";
  agent.backend = "demo";
  agent.model = "m";
  agent.tools = {"calculator", "clock"};
  agent.strategy = {"summarize", "budget"};
  agent.system_prompts = {"a", "b"};
  agent.params = {{"max_tokens", 256.0}, {"temperature", 0.5}};
  const store::AgentFields fields = agent_fields_of(agent);
  EXPECT_EQ(fields.name, "helper");
  EXPECT_EQ(fields.strategy, std::optional<std::string>("summarize, budget"));
  EXPECT_EQ(fields.tools, agent.tools);
  EXPECT_EQ(fields.system_prompts, agent.system_prompts);
  EXPECT_EQ(fields.params_json, R"({"max_tokens":256,"temperature":0.5})");

  agent.strategy.clear();
  agent.params.clear();
  EXPECT_EQ(agent_fields_of(agent).strategy, std::nullopt);
  EXPECT_EQ(agent_fields_of(agent).params_json, "{}");
}

TEST(ConfiguredAgentsOwner, IsTheOldestAdminAndWithoutAdminsAConfigError) {
  TempDir dir;
  const MigratedStore opened = open_migrated_store(config::Config{}, dir.path());
  store::UserStore users(*opened.database);
  users.create_user("plain", false);
  EXPECT_THROW(configured_agents_owner(users), Error);
  const store::UserRecord oldest = users.create_user("first-admin", true);
  users.create_user("second-admin", true);
  EXPECT_EQ(configured_agents_owner(users).id, oldest.id);
}

TEST(TokensRevokeVerb, AnAmbiguousPrefixRevokesNothingAndSaysToGiveMore) {
  TempDir dir;
  std::ofstream(dir.file("agenthost.conf")) << "";
  std::string bob_id;
  {
    const MigratedStore opened = open_migrated_store(config::Config{}, dir.path());
    store::UserStore users(*opened.database);
    bob_id = users.create_user("bob", false).id;
    users.issue_token(bob_id, "one");
    users.issue_token(bob_id, "two");
    // Random prefixes never collide in a test's lifetime; make them.
    opened.database->connect().execute("UPDATE api_tokens SET prefix = 'ah_samesame1'");
  }
  Command command;
  command.verb = Verb::tokens_revoke;
  command.config_path = dir.file("agenthost.conf");
  command.data_dir = dir.path();
  command.name = "ah_samesame";
  try {
    run_tokens_revoke(command);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::conflict);
    EXPECT_NE(std::string(error.what()).find("2 tokens start with"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("more characters"), std::string::npos) << error.what();
  }
  const MigratedStore reopened = open_migrated_store(config::Config{}, dir.path());
  for (const store::TokenRecord& token : store::UserStore(*reopened.database).list_tokens(bob_id))
    EXPECT_FALSE(token.revoked_at) << token.name << " was revoked";
}

} // namespace
} // namespace agenthost::app
