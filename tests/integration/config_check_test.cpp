// Config errors as an operator sees them: `config check` (and `serve`) name FILE:LINE and the
// key of every problem, print all of them at once, and never echo a secret.
#include "agenthost_process.hpp"
#include "build_paths.hpp"
#include "scratch_dir.hpp"

#include <gmock/gmock.h>

#include <filesystem>
#include <gtest/gtest.h>

#include <sstream>

namespace agenthost::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The stderr lines that start with "FILE:", i.e. the located errors.
std::vector<std::string> error_lines(const std::string& err, const std::string& file) {
  std::vector<std::string> lines;
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(file + ":", 0) == 0) lines.push_back(line);
  return lines;
}

class ConfigCheck : public ::testing::Test {
protected:
  std::string write_config(const std::string& text) { return dir_.write("agenthost.conf", text); }

  RunResult check(const std::string& config_file) {
    ProcessOptions options;
    options.working_dir = dir_.path();
    return run_agenthost({"config", "check", "--config", config_file}, options);
  }

  ScratchDir dir_;
};

struct BadConfig {
  std::string name;
  std::string text;
  int line;
  std::string located; // what follows "FILE:LINE: "
};

void PrintTo(const BadConfig& config, std::ostream* os) { *os << config.name; }

class OneConfigError : public ConfigCheck, public ::testing::WithParamInterface<BadConfig> {};

TEST_P(OneConfigError, ExitsOneNamingFileLineAndKey) {
  const BadConfig& c = GetParam();
  const std::string file = write_config(c.text);
  const RunResult r = check(file);
  ASSERT_EQ(r.exit_status, 1) << describe(r);
  const std::vector<std::string> lines = error_lines(r.err, file);
  ASSERT_EQ(lines.size(), 2u) << "one error and the summary\n" << describe(r);
  EXPECT_THAT(lines[0], ::testing::StartsWith(file + ":" + std::to_string(c.line) + ": " + c.located));
  EXPECT_EQ(lines[1], file + ": 1 error");
  EXPECT_EQ(r.out, "");
}

INSTANTIATE_TEST_SUITE_P(
    Config, OneConfigError,
    ::testing::Values(
        BadConfig{"malformed_line", "[server]\nlisten = 127.0.0.1:0\nthis line is malformed\n", 3,
                  "[server] expected 'key = value'"},
        BadConfig{"unknown_section", "[server]\nthreads = 4\n\n[nosuch]\nx = 1\n", 4, "[nosuch] unknown section"},
        BadConfig{"unknown_server_key", "[server]\nthreads = 4\ncolour = blue\n", 3, "[server] colour: unknown key"},
        BadConfig{"missing_env_var", "[backend.demo]\nplugin = scripted\nscript = ${NOPE_VAR}\n", 3,
                  "[backend.demo] script: environment variable NOPE_VAR is not set"},
        BadConfig{"unknown_plugin_type", "[tool.t]\nplugin = no_such_type\n", 2,
                  "[tool.t] plugin: no tool component named 'no_such_type'"},
        BadConfig{"bad_setting_value", "[backend.demo]\nplugin = scripted\ntoken_delay_ms = fast\n", 3,
                  "[backend.demo] token_delay_ms: expected an integer, got 'fast'"},
        BadConfig{"unknown_setting_key", "[backend.demo]\nplugin = scripted\nflavour = vanilla\n", 3,
                  "[backend.demo] flavour: unknown setting"}),
    [](const ::testing::TestParamInfo<BadConfig>& info) { return info.param.name; });

TEST_F(ConfigCheck, PrintsEveryStructuralErrorAtOnce) {
  const std::string file = write_config("[server]\n"
                                        "this line is malformed\n"
                                        "colour = blue\n"
                                        "[nosuch]\n"
                                        "x = 1\n"
                                        "[backend.demo]\n"
                                        "plugin = scripted\n"
                                        "script = ${NOPE_VAR}\n");
  const RunResult r = check(file);
  ASSERT_EQ(r.exit_status, 1) << describe(r);
  EXPECT_THAT(error_lines(r.err, file),
              ::testing::ElementsAre(HasSubstr(file + ":2: "), HasSubstr(file + ":3: [server] colour"),
                                     HasSubstr(file + ":4: [nosuch]"), HasSubstr(file + ":8: [backend.demo] script"),
                                     file + ": 4 errors"));
}

TEST_F(ConfigCheck, PrintsEverySettingErrorAtOnce) {
  const std::string file = write_config("[backend.demo]\n"
                                        "plugin = scripted\n"
                                        "token_delay_ms = fast\n"
                                        "flavour = vanilla\n"
                                        "[tool.t]\n"
                                        "plugin = no_such_type\n");
  const RunResult r = check(file);
  ASSERT_EQ(r.exit_status, 1) << describe(r);
  EXPECT_THAT(error_lines(r.err, file),
              ::testing::ElementsAre(HasSubstr(file + ":3: [backend.demo] token_delay_ms"),
                                     HasSubstr(file + ":4: [backend.demo] flavour"),
                                     HasSubstr(file + ":6: [tool.t] plugin"), file + ": 3 errors"));
}

// Keys named like secrets in places where they are errors: the error names the key, never the
// value.
TEST_F(ConfigCheck, NeverPrintsASecretValue) {
  const std::string secret = "sk-secret-123";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"in [server]", "[server]\napi_key = " + secret + "\n"},
      {"in an unknown section", "[nosuch]\napi_key = " + secret + "\n"},
      {"as an unknown setting", "[tool.calc]\nplugin = calculator\napi_key = " + secret + "\n"},
      {"in an agent", "[agent.a]\nbackend = demo\napi_key = " + secret + "\n"},
      {"next to a missing variable", "[backend.demo]\nplugin = scripted\napi_key = " + secret + "${NOPE_VAR}\n"},
      {"as a backend's unknown setting", "[backend.demo]\nplugin = scripted\nsecret_token = " + secret + "\n"},
      {"in [store]", "[store]\npassword = " + secret + "\n"},
      {"on a malformed line", "[server]\napi_key " + secret + "\n"},
  };
  for (const auto& [where, text] : cases) {
    const std::string file = write_config(text);
    const RunResult r = check(file);
    EXPECT_EQ(r.exit_status, 1) << where << "\n" << describe(r);
    EXPECT_THAT(r.err, HasSubstr(file + ":")) << where << ": the error must still be reported";
    EXPECT_THAT(r.out + r.err, Not(HasSubstr(secret))) << where;
  }
}

// A valid file is followed by each instance as the host will run it: host keys with their
// effective values (defaults included), plugin settings with secrets as "***".
TEST_F(ConfigCheck, PrintsEachInstancesHostAndPluginSettingsWithSecretsRedacted) {
  const std::string secret = "sk-check-secret-4242";
  const std::string file = write_config("[backend.remote]\n"
                                        "plugin = openai\n"
                                        "base_url = http://127.0.0.1:9/v1\n"
                                        "api_key = " + secret + "\n"
                                        "retries = 3\n"
                                        "first_token_timeout_ms = 5000\n"
                                        "fallback = demo\n"
                                        "egress = allow:10.20.0.0/16\n"
                                        "[backend.demo]\n"
                                        "plugin = scripted\n"
                                        "[tool.calc]\n"
                                        "plugin = calculator\n"
                                        "cache = off\n");
  const RunResult r = check(file);
  ASSERT_EQ(r.exit_status, 0) << describe(r);
  EXPECT_THAT(r.out + r.err, Not(HasSubstr(secret)));
  EXPECT_THAT(r.out, HasSubstr("[backend.remote]\nplugin = openai\n# host settings (effective values)\n"
                               "egress = allow:10.20.0.0/16\ncache = on\ncache_ttl = 3600\n"));
  EXPECT_THAT(r.out, HasSubstr("retries = 3\n"));
  EXPECT_THAT(r.out, HasSubstr("first_token_timeout_ms = 5000\n"));
  EXPECT_THAT(r.out, HasSubstr("token_gap_timeout_ms = 60000\n")) << "defaults are shown too";
  EXPECT_THAT(r.out, HasSubstr("fallback = demo\n"));
  EXPECT_THAT(r.out, HasSubstr("# plugin settings\nbase_url = http://127.0.0.1:9/v1\napi_key = ***\n"));
  EXPECT_THAT(r.out, HasSubstr("[backend.demo]\nplugin = scripted\n# host settings (effective values)\n"
                               "egress = private\n"));
  EXPECT_THAT(r.out, HasSubstr("[tool.calc]\nplugin = calculator\n# host settings (effective values)\n"
                               "egress = public\ncache = off\n"))
      << "tools are shown too, with their kind's default egress";
}

TEST_F(ConfigCheck, TheDefaultDeploymentIsValid) {
  const std::string file = source_dir() + "/config/agenthost.conf";
  const RunResult r = check(file);
  ASSERT_EQ(r.exit_status, 0) << describe(r);
  EXPECT_THAT(r.out, ::testing::StartsWith(file + ": OK"));
  EXPECT_EQ(r.err, "");
}

TEST_F(ConfigCheck, AValidConfigUsingEveryKindOfValueIsAccepted) {
  const std::string file = write_config("; comment\n"
                                        "[server]\n"
                                        "listen = 127.0.0.1:0\n"
                                        "threads = 4   # trailing comment\n"
                                        "[backend.demo]\n"
                                        "plugin = scripted\n"
                                        "token_delay_ms = ${AGENTHOST_IT_UNSET_DELAY:-0}\n"
                                        "chunk = char\n"
                                        "[tool.calc]\n"
                                        "plugin = calculator\n"
                                        "[agent.helper]\n"
                                        "backend = demo\n"
                                        "model = demo\n"
                                        "tools = calc\n"
                                        "system_prompt = Be brief.\n");
  const RunResult r = check(file);
  ASSERT_EQ(r.exit_status, 0) << describe(r);
  EXPECT_THAT(r.out, HasSubstr(file + ": OK (1 backends, 1 tools, 0 strategies, 1 agents)"));
}

// `serve` reports the same errors as `config check`, exits 1 and never listens.
TEST_F(ConfigCheck, ServeWithABadConfigExitsOneWithTheSameErrors) {
  const std::vector<std::string> configs = {
      "[server]\ncolour = blue\n[nosuch]\n",                                                 // structural
      "[backend.demo]\nplugin = scripted\ntoken_delay_ms = fast\n[tool.t]\nplugin = nope\n", // against plugins
  };
  for (const std::string& text : configs) {
    const std::string file = write_config(text);
    const RunResult checked = check(file);
    ProcessOptions options;
    options.working_dir = dir_.path();
    const RunResult served =
        run_agenthost({"serve", "--config", file, "--listen", "127.0.0.1:0", "--data-dir", dir_.file("var")}, options);
    ASSERT_EQ(served.exit_status, 1) << describe(served);
    EXPECT_THAT(served.out, Not(HasSubstr(listening_marker)));
    EXPECT_FALSE(std::filesystem::exists(dir_.file("var"))) << "a failed start must leave no data directory behind";
    std::vector<std::string> checked_errors = error_lines(checked.err, file);
    ASSERT_GE(checked_errors.size(), 2u) << describe(checked);
    checked_errors.pop_back(); // the "N errors" summary, which serve words differently
    EXPECT_EQ(error_lines(served.err, file), checked_errors) << describe(served);
  }
}

} // namespace
} // namespace agenthost::integration
