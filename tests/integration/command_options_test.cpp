// Options a user passes in any order, and the data directory `serve` creates for itself.
#include "agenthost/json.hpp"
#include "agenthost_process.hpp"
#include "http_exchange.hpp"
#include "json_log.hpp"
#include "scratch_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

namespace agenthost::integration {
namespace {

using ::testing::HasSubstr;

TEST(CommandOptions, ServeCreatesAMissingDataDirAndTakesConfigAfterOtherOptions) {
  ScratchDir dir;
  const std::string data_dir = dir.file("not/there/yet");
  ASSERT_FALSE(std::filesystem::exists(data_dir));
  // A config only this test writes: its [plugins] require proves it was the one read.
  const std::string config = dir.write("mine.conf", "[plugins]\nrequire = clock\n[tool.now]\nplugin = clock\n");
  ProcessOptions options;
  options.working_dir = dir.path(); // no config/agenthost.conf here to fall back on

  const std::unique_ptr<ChildProcess> host =
      start_serve({"--listen", "127.0.0.1:0", "--data-dir", data_dir, "--config", config}, options);
  const std::optional<int> port = wait_until_listening(*host);
  ASSERT_TRUE(port) << host->stderr_text();
  EXPECT_TRUE(std::filesystem::is_directory(data_dir));
  EXPECT_EQ(exchange(*port, "GET", "/health").status, 200);

  host->send_signal(SIGTERM);
  ASSERT_EQ(host->wait_for_exit(std::chrono::seconds(12)), 0) << host->stderr_text();
  const std::vector<json::Value> listening = parse_json_log(host->stderr_text()).with_message("agenthost listening");
  ASSERT_EQ(listening.size(), 1u) << host->stderr_text();
  EXPECT_EQ(text_of(listening[0]["config"]), config);
  EXPECT_EQ(text_of(listening[0]["data_dir"]), data_dir);
}

TEST(CommandOptions, ConfigCheckTakesConfigAfterOtherOptions) {
  ScratchDir dir;
  ProcessOptions options;
  options.working_dir = dir.path();
  const std::string good = dir.write("good.conf", "[tool.calc]\nplugin = calculator\n");
  const std::string bad = dir.write("bad.conf", "[server]\ncolour = blue\n");

  const RunResult ok = run_agenthost({"config", "check", "--data-dir", dir.file("var"), "--config", good}, options);
  EXPECT_EQ(ok.exit_status, 0) << describe(ok);
  EXPECT_THAT(ok.out, HasSubstr(good + ": OK"));

  // The file after the options is the one checked, not a default.
  const RunResult failed = run_agenthost({"config", "check", "--data-dir", dir.file("var"), "--config", bad}, options);
  EXPECT_EQ(failed.exit_status, 1) << describe(failed);
  EXPECT_THAT(failed.err, HasSubstr(bad + ":2: [server] colour"));
}

TEST(CommandOptions, PluginsListTakesJsonAndConfigInEitherOrder) {
  ScratchDir dir;
  ProcessOptions options;
  options.working_dir = dir.path();
  const std::string config = dir.write("empty.conf", "");
  const RunResult first = run_agenthost({"plugins", "list", "--json", "--config", config}, options);
  const RunResult second = run_agenthost({"plugins", "list", "--config", config, "--json"}, options);
  ASSERT_EQ(first.exit_status, 0) << describe(first);
  ASSERT_EQ(second.exit_status, 0) << describe(second);
  EXPECT_EQ(first.out, second.out);
  EXPECT_TRUE(json::parse(first.out)["plugins"].is_array());
}

TEST(CommandOptions, AMissingConfigFileIsAnErrorNamingIt) {
  ScratchDir dir;
  const std::string missing = dir.file("nope.conf");
  ProcessOptions options;
  options.working_dir = dir.path();
  const RunResult r = run_agenthost({"config", "check", "--config", missing}, options);
  EXPECT_EQ(r.exit_status, 1) << describe(r);
  EXPECT_THAT(r.err, HasSubstr(missing));
}

} // namespace
} // namespace agenthost::integration
