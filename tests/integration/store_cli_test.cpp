// The store as an operator meets it: the first start makes the admin and its token file, the
// `users`/`tokens` verbs make and revoke tokens the running host honours, `migrate` reports
// versions, and a database that cannot be reached stops the host with a clear message.
#include "agenthost/json.hpp"
#include "api_client.hpp"
#include "json_log.hpp"
#include "scratch_deployment.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include <sys/stat.h>

namespace agenthost::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// No plugins, no agents: only the store matters here.
const char* const kStoreOnlyConfig = "[server]\nlisten = 127.0.0.1:0\n";

const std::regex kTokenShape(R"(ah_[A-Za-z0-9_-]{43})");

// GET /api/v1/users/me with `token`: the status and the user's name ("" unless 200).
std::pair<int, std::string> whoami(int port, const std::string& token) {
  const HttpReply reply = api_call(port, "GET", "/api/v1/users/me", token);
  return {reply.status, reply.status == 200 ? text_of(json_of(reply)["name"]) : std::string()};
}

// The one line a token verb prints on stdout, without its newline; "" when the output is not
// exactly one token line.
std::string token_line_of(const RunResult& result) {
  std::smatch match;
  return std::regex_match(result.out, match, std::regex(R"((ah_[A-Za-z0-9_-]{43})\n)")) ? match[1].str() : "";
}

TEST(FirstStart, CreatesTheAdminTokenFileWithMode0600AndPrintsTheTokenOnce) {
  const ScratchDeployment deployment(kStoreOnlyConfig);
  std::string token;
  {
    RunningHost first = deployment.serve();
    ASSERT_TRUE(first.port) << first.process->stderr_text();
    token = admin_token_printed_by(*first.process);
    EXPECT_TRUE(std::regex_match(token, kTokenShape)) << first.process->stdout_text();
    EXPECT_THAT(first.process->stdout_text(), HasSubstr(deployment.admin_token_file()));

    struct stat info {};
    ASSERT_EQ(::stat(deployment.admin_token_file().c_str(), &info), 0) << deployment.admin_token_file();
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    EXPECT_EQ(file_text(deployment.admin_token_file()), token + "\n");

    const auto [status, name] = whoami(*first.port, token);
    EXPECT_EQ(status, 200);
    EXPECT_EQ(name, "admin");
    const json::Value me = json_of(api_call(*first.port, "GET", "/api/v1/users/me", token));
    EXPECT_EQ(me["is_admin"], json::Value(true)) << json::dump(me);
    // The secret is on stdout once and in the file, never in the log.
    EXPECT_THAT(first.process->stderr_text(), Not(HasSubstr(token)));
    EXPECT_EQ(stop(first), 0) << first.process->stderr_text();
  }

  RunningHost second = deployment.serve();
  ASSERT_TRUE(second.port) << second.process->stderr_text();
  EXPECT_THAT(second.process->stdout_text(), Not(HasSubstr(admin_token_marker)));
  EXPECT_THAT(second.process->stdout_text(), Not(HasSubstr(token)));
  EXPECT_EQ(file_text(deployment.admin_token_file()), token + "\n") << "the second start leaves the file alone";
  EXPECT_EQ(whoami(*second.port, token).first, 200) << "the first token still works";
  EXPECT_EQ(stop(second), 0);
}

TEST(FirstStart, ALeftoverTokenFileWithAnEmptyDatabaseIsRefused) {
  const ScratchDeployment deployment(kStoreOnlyConfig);
  ASSERT_EQ(deployment.run({"migrate"}).exit_status, 0);
  const std::string stale = "ah_" + std::string(43, 'x') + "\n";
  {
    std::ofstream(deployment.admin_token_file()) << stale;
  }
  RunningHost host = deployment.serve();
  EXPECT_FALSE(host.port) << "it must not start with a token file that opens nothing";
  EXPECT_EQ(host.process->wait_for_exit(std::chrono::seconds(20)), 1);
  EXPECT_THAT(host.process->stderr_text(), HasSubstr(deployment.admin_token_file()));
  EXPECT_THAT(host.process->stderr_text(), HasSubstr("Remove it"));
  EXPECT_EQ(file_text(deployment.admin_token_file()), stale);
}

TEST(TokenVerbs, UsersAndTokensCreatedOnTheCommandLineWorkAndRevokedOnesStop) {
  const ScratchDeployment deployment(kStoreOnlyConfig);
  RunningHost host = deployment.serve();
  ASSERT_TRUE(host.port) << host.process->stderr_text();

  // While the host runs: the CLI and the server share the database.
  const RunResult created = deployment.run({"users", "create", "bob"});
  ASSERT_EQ(created.exit_status, 0) << describe(created);
  const std::string bob_first = token_line_of(created);
  ASSERT_FALSE(bob_first.empty()) << "stdout must hold the token alone on a line: " << describe(created);
  EXPECT_THAT(created.err, HasSubstr("bob"));
  EXPECT_THAT(created.err, Not(HasSubstr(bob_first)));

  const RunResult issued = deployment.run({"tokens", "create", "bob"});
  ASSERT_EQ(issued.exit_status, 0) << describe(issued);
  const std::string bob_second = token_line_of(issued);
  ASSERT_FALSE(bob_second.empty()) << describe(issued);
  EXPECT_NE(bob_first, bob_second);

  EXPECT_EQ(whoami(*host.port, bob_first), std::make_pair(200, std::string("bob")));
  EXPECT_EQ(whoami(*host.port, bob_second), std::make_pair(200, std::string("bob")));
  const json::Value me = json_of(api_call(*host.port, "GET", "/api/v1/users/me", bob_first));
  EXPECT_EQ(me["is_admin"], json::Value(false)) << json::dump(me);

  const std::string prefix = bob_second.substr(0, 12);
  const RunResult revoked = deployment.run({"tokens", "revoke", prefix});
  ASSERT_EQ(revoked.exit_status, 0) << describe(revoked);
  EXPECT_THAT(revoked.out, HasSubstr("revoked token tok_"));
  EXPECT_THAT(revoked.out, HasSubstr("user bob"));
  EXPECT_THAT(revoked.out, HasSubstr(prefix));

  EXPECT_EQ(whoami(*host.port, bob_second).first, 401) << "a revoked token no longer opens the API";
  EXPECT_EQ(whoami(*host.port, bob_first).first, 200) << "the user's other token is untouched";

  const RunResult again = deployment.run({"tokens", "revoke", prefix});
  EXPECT_EQ(again.exit_status, 1) << describe(again);
  EXPECT_THAT(again.err, HasSubstr("no live token starts with")) << describe(again);

  const RunResult listed = deployment.run({"tokens", "list", "bob"});
  ASSERT_EQ(listed.exit_status, 0) << describe(listed);
  EXPECT_THAT(listed.out, HasSubstr(bob_first.substr(0, 12)));
  EXPECT_THAT(listed.out, HasSubstr(prefix));
  EXPECT_THAT(listed.out, Not(HasSubstr(bob_first))) << "tokens are never shown again";
  EXPECT_EQ(stop(host), 0);
}

TEST(TokenVerbs, UsersCreateAdminMakesAnAdminAndUsersListShowsEveryone) {
  const ScratchDeployment deployment(kStoreOnlyConfig);
  const RunResult created = deployment.run({"users", "create", "carol", "--admin"});
  ASSERT_EQ(created.exit_status, 0) << describe(created);
  ASSERT_FALSE(token_line_of(created).empty()) << describe(created);
  ASSERT_EQ(deployment.run({"users", "create", "dave"}).exit_status, 0);

  const RunResult listed = deployment.run({"users", "list"});
  ASSERT_EQ(listed.exit_status, 0) << describe(listed);
  EXPECT_TRUE(std::regex_search(listed.out, std::regex(R"(usr_\w+ +carol +yes)"))) << listed.out;
  EXPECT_TRUE(std::regex_search(listed.out, std::regex(R"(usr_\w+ +dave +no)"))) << listed.out;

  RunningHost host = deployment.serve();
  ASSERT_TRUE(host.port) << host.process->stderr_text();
  const json::Value me = json_of(api_call(*host.port, "GET", "/api/v1/users/me", token_line_of(created)));
  EXPECT_EQ(me["is_admin"], json::Value(true)) << json::dump(me);
  EXPECT_THAT(host.process->stdout_text(), Not(HasSubstr(admin_token_marker))) << "users exist: no bootstrap";
  EXPECT_EQ(stop(host), 0);
}

TEST(TokenVerbs, MistakesAreExplained) {
  const ScratchDeployment deployment(kStoreOnlyConfig);
  ASSERT_EQ(deployment.run({"users", "create", "erin"}).exit_status, 0);

  const RunResult duplicate = deployment.run({"users", "create", "erin"});
  EXPECT_EQ(duplicate.exit_status, 1);
  EXPECT_THAT(duplicate.err, HasSubstr("already exists"));
  EXPECT_EQ(duplicate.out, "");

  const RunResult nobody = deployment.run({"tokens", "create", "nobody"});
  EXPECT_EQ(nobody.exit_status, 1);
  EXPECT_THAT(nobody.err, HasSubstr("no user named 'nobody'"));
  EXPECT_EQ(nobody.out, "");

  const RunResult unknown = deployment.run({"tokens", "revoke", "ah_notatoken"});
  EXPECT_EQ(unknown.exit_status, 1);
  EXPECT_THAT(unknown.err, HasSubstr("no live token starts with 'ah_notatoken'"));

  const RunResult too_short = deployment.run({"tokens", "revoke", "ah_"});
  EXPECT_EQ(too_short.exit_status, 1);
  EXPECT_THAT(too_short.err, HasSubstr("at least the first 8 characters"));

  const RunResult missing = deployment.run({"tokens", "revoke"});
  EXPECT_EQ(missing.exit_status, 2) << describe(missing);
  EXPECT_THAT(missing.err, HasSubstr("missing TOKEN_PREFIX"));
}

TEST(Migrate, OnAFreshDataDirAppliesEveryMigrationThenReportsUpToDate) {
  const ScratchDeployment deployment(kStoreOnlyConfig);
  const RunResult first = deployment.run({"migrate"});
  ASSERT_EQ(first.exit_status, 0) << describe(first);
  std::smatch versions;
  ASSERT_TRUE(std::regex_search(first.out, versions, std::regex(R"(schema version 0 -> (\d+)\n)"))) << first.out;
  const int newest = std::stoi(versions[1]);
  EXPECT_GE(newest, 1);
  EXPECT_THAT(first.out, HasSubstr("applied 1 "));
  EXPECT_THAT(first.out, HasSubstr("agenthost.db"));

  const RunResult second = deployment.run({"migrate"});
  ASSERT_EQ(second.exit_status, 0) << describe(second);
  EXPECT_THAT(second.out, HasSubstr("schema version " + std::to_string(newest) + " -> " + std::to_string(newest)));
  EXPECT_THAT(second.out, HasSubstr("up to date"));
  EXPECT_THAT(second.out, Not(HasSubstr("applied")));
}

TEST(UnreachableStore, PostgreSqlThatIsNotListeningStopsTheHostWithoutShowingThePassword) {
  // Port 1 (tcpmux) is privileged and unused: the connection is refused at once.
  const ScratchDeployment deployment("[store]\nurl = postgresql://alice:s3cret-pw@127.0.0.1:1/agenthost\n");
  RunningHost host = deployment.serve();
  EXPECT_FALSE(host.port);
  EXPECT_EQ(host.process->wait_for_exit(std::chrono::seconds(20)), 1);
  const std::string err = host.process->stderr_text();
  EXPECT_THAT(err, HasSubstr("cannot open the postgresql store"));
  EXPECT_THAT(err, HasSubstr("127.0.0.1"));
  EXPECT_THAT(err, HasSubstr("[store] url"));
  EXPECT_THAT(err, Not(HasSubstr("s3cret-pw")));
  EXPECT_THAT(host.process->stdout_text(), Not(HasSubstr(listening_marker)));

  const RunResult migrate = deployment.run({"migrate"});
  EXPECT_EQ(migrate.exit_status, 1) << describe(migrate);
  EXPECT_THAT(migrate.err, HasSubstr("cannot open the postgresql store"));
  EXPECT_THAT(migrate.err, Not(HasSubstr("s3cret-pw")));
}

} // namespace
} // namespace agenthost::integration
