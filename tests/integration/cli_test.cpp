// The command line as a user meets it: --version, --help, usage errors, `plugins list`.
#include "agenthost/json.hpp"
#include "agenthost_process.hpp"
#include "build_paths.hpp"
#include "json_log.hpp"
#include "scratch_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

namespace agenthost::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const char* const bundled_plugins[] = {"scripted", "calculator", "clock"};

// Runs from an empty directory, so no config/agenthost.conf is picked up by default.
class CommandLine : public ::testing::Test {
protected:
  RunResult run(const std::vector<std::string>& args) {
    ProcessOptions options;
    options.working_dir = cwd_.path();
    return run_agenthost(args, options);
  }

  ScratchDir cwd_;
};

TEST_F(CommandLine, VersionNamesTheProjectVersionAndPluginAbi) {
  const RunResult r = run({"--version"});
  ASSERT_EQ(r.exit_status, 0) << describe(r);
  EXPECT_THAT(r.out, StartsWith(std::string("agenthost ") + AGENTHOST_VERSION + " "));
  EXPECT_TRUE(std::regex_match(r.out, std::regex(R"(agenthost \d+\.\d+\.\d+ \(plugin ABI \d+\.\d+\)\n)"))) << r.out;
  EXPECT_EQ(r.err, "");
}

TEST_F(CommandLine, HelpListsEveryVerbAndExitsZero) {
  const RunResult r = run({"--help"});
  ASSERT_EQ(r.exit_status, 0) << describe(r);
  EXPECT_THAT(r.out, HasSubstr("usage: agenthost"));
  for (const char* verb : {"serve", "plugins list", "plugins inspect", "config check", "--version"})
    EXPECT_THAT(r.out, HasSubstr(verb));
  EXPECT_EQ(r.err, "");
}

TEST_F(CommandLine, VerbHelpShowsThatVerbsOptions) {
  const RunResult serve = run({"serve", "--help"});
  ASSERT_EQ(serve.exit_status, 0) << describe(serve);
  EXPECT_THAT(serve.out, HasSubstr("usage: agenthost serve"));
  EXPECT_THAT(serve.out, HasSubstr("--listen"));

  const RunResult check = run({"config", "check", "--help"});
  ASSERT_EQ(check.exit_status, 0) << describe(check);
  EXPECT_THAT(check.out, HasSubstr("usage: agenthost config check"));
  EXPECT_THAT(check.out, Not(HasSubstr("--listen")));
}

struct UsageErrorCase {
  std::vector<std::string> args;
  std::string complaint; // what stderr must say was wrong
  std::string usage;     // which usage text follows
};

void PrintTo(const UsageErrorCase& c, std::ostream* os) {
  *os << "agenthost";
  for (const std::string& arg : c.args) *os << " " << arg;
}

class UsageErrors : public CommandLine, public ::testing::WithParamInterface<UsageErrorCase> {};

TEST_P(UsageErrors, ExitTwoWithTheComplaintAndUsageOnStderr) {
  const UsageErrorCase& c = GetParam();
  const RunResult r = run(c.args);
  ASSERT_EQ(r.exit_status, 2) << describe(r);
  EXPECT_THAT(r.err, HasSubstr(c.complaint));
  EXPECT_THAT(r.err, HasSubstr(c.usage));
  EXPECT_EQ(r.out, "") << "usage errors go to stderr only";
}

INSTANTIATE_TEST_SUITE_P(
    Cli, UsageErrors,
    ::testing::Values(
        UsageErrorCase{{}, "missing verb", "usage: agenthost <verb>"},
        UsageErrorCase{{"frobnicate"}, "unknown verb 'frobnicate'", "usage: agenthost <verb>"},
        UsageErrorCase{{"--nope"}, "unknown option '--nope'", "usage: agenthost <verb>"},
        UsageErrorCase{
            {"plugins", "frobnicate"}, "unknown sub-command 'plugins frobnicate'", "usage: agenthost plugins"},
        UsageErrorCase{{"plugins"}, "missing sub-command after 'plugins'", "usage: agenthost"},
        UsageErrorCase{{"plugins", "list", "--frobnicate"}, "'--frobnicate'", "usage: agenthost plugins list"},
        UsageErrorCase{{"serve", "--frobnicate"}, "'--frobnicate'", "usage: agenthost serve"},
        UsageErrorCase{{"config", "check", "--frobnicate", "x"}, "'--frobnicate'", "usage: agenthost config check"},
        UsageErrorCase{{"plugins", "inspect"}, "missing FILE", "usage: agenthost plugins inspect"},
        UsageErrorCase{{"serve", "--listen"}, "--listen", "usage: agenthost serve"}));

TEST_F(CommandLine, PluginsListShowsTheBundledPluginsWithVersionAndFile) {
  const RunResult r = run({"plugins", "list"});
  ASSERT_EQ(r.exit_status, 0) << describe(r);
  for (const char* name : bundled_plugins) {
    // One table row per plugin: name, version, ABI, components, file.
    const std::regex row(std::string("(^|\\n)") + name + R"( +\d+\.\d+\.\d+ +\d+\.\d+ +.*)" + bundled_plugin_dir() +
                         "/" + name + R"(\.so\n)");
    EXPECT_TRUE(std::regex_search(r.out, row)) << "no row for " << name << " in:\n" << r.out;
  }
  EXPECT_THAT(r.out, HasSubstr("backend scripted"));
  EXPECT_THAT(r.out, Not(HasSubstr("refused"))) << "the bundled plugins all load";
}

TEST_F(CommandLine, PluginsListJsonParsesAndHasEveryBundledPlugin) {
  const RunResult r = run({"plugins", "list", "--json"});
  ASSERT_EQ(r.exit_status, 0) << describe(r);
  const json::Value doc = json::parse(r.out);
  ASSERT_TRUE(doc["plugins"].is_array()) << r.out;
  for (const char* name : bundled_plugins) {
    const json::Value* found = nullptr;
    for (const json::Value& plugin : doc["plugins"].as_array())
      if (plugin["name"].is_string() && plugin["name"].as_string() == name) found = &plugin;
    ASSERT_NE(found, nullptr) << name << " missing from " << r.out;
    EXPECT_TRUE((*found)["version"].is_string() && !(*found)["version"].as_string().empty()) << name;
    EXPECT_EQ(text_of((*found)["path"]), bundled_plugin_dir() + "/" + name + ".so");
    ASSERT_TRUE((*found)["components"].is_array()) << name;
    ASSERT_EQ((*found)["components"].as_array().size(), 1u) << name;
    EXPECT_EQ(text_of((*found)["components"][0]["type"]), name);
  }
  ASSERT_TRUE(doc["refused"].is_array()) << r.out;
  EXPECT_TRUE(doc["refused"].as_array().empty()) << r.out;
}

TEST_F(CommandLine, PluginsListReportsRefusedFilesOnTheEnvironmentPath) {
  ProcessOptions options;
  options.working_dir = cwd_.path();
  options.extra_env["AGENTHOST_PLUGIN_PATH"] = test_plugin_dir();
  const RunResult r = run_agenthost({"plugins", "list", "--json"}, options);
  ASSERT_EQ(r.exit_status, 0) << "refused files are reported, not fatal\n" << describe(r);
  const json::Value doc = json::parse(r.out);
  std::vector<std::string> refused_files;
  for (const json::Value& refusal : doc["refused"].as_array()) {
    EXPECT_TRUE(refusal["reason"].is_string() && !refusal["reason"].as_string().empty()) << json::dump(refusal);
    refused_files.push_back(text_of(refusal["path"]));
  }
  for (const char* broken : {"not_a_library", "no_entry", "abi_major_2", "schema_rejected", "twin_of_good"})
    EXPECT_THAT(refused_files, ::testing::Contains(test_plugin_dir() + "/" + broken + ".so"));
  // The good test plugin loads next to the bundled ones.
  EXPECT_THAT(r.out, HasSubstr("\"name\":\"good\""));
  EXPECT_THAT(r.out, HasSubstr("\"name\":\"calculator\""));
}

} // namespace
} // namespace agenthost::integration
