// Broken plugin files on the search path (AGENTHOST_PLUGIN_PATH = the test plugins): the host
// starts without them and says so, unless the config needs one, in which case it refuses to
// start and names the config key and the refusal.
#include "agenthost/json.hpp"
#include "agenthost_process.hpp"
#include "build_paths.hpp"
#include "http_exchange.hpp"
#include "json_log.hpp"
#include "scratch_deployment.hpp"
#include "scratch_dir.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <sstream>

namespace agenthost::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const char* const refused_files[] = {"not_a_library.so",   "no_entry.so",        "null_descriptor.so",
                                     "abi_major_2.so",     "abi_minor_newer.so", "descriptor_too_small.so",
                                     "unknown_kind.so",    "duplicate_type.so",  "schema_invalid_json.so",
                                     "schema_rejected.so", "twin_of_good.so"};

class BrokenPluginsOnPath : public ::testing::Test {
protected:
  ProcessOptions options() const {
    ProcessOptions o;
    o.working_dir = dir_.path();
    o.extra_env["AGENTHOST_PLUGIN_PATH"] = test_plugin_dir();
    return o;
  }

  // `serve` with `config_file`, which the test expects to refuse to start.
  RunResult serve_expecting_refusal(const std::string& config_file) const {
    return run_agenthost({"serve", "--config", config_file, "--listen", "127.0.0.1:0", "--data-dir", dir_.file("var")},
                         options());
  }

  ScratchDir dir_;
};

TEST_F(BrokenPluginsOnPath, ServeStartsWithoutThemAndNamesEachRefusedFile) {
  const std::string config = dir_.write("ok.conf", "[tool.calc]\nplugin = calculator\n");
  const std::unique_ptr<ChildProcess> host =
      start_serve({"--config", config, "--listen", "127.0.0.1:0", "--data-dir", dir_.file("var")}, options());
  const std::optional<int> port = wait_until_listening(*host);
  ASSERT_TRUE(port) << host->stderr_text();

  // The API shows what loaded and what was refused, with reasons.
  const std::optional<std::string> token = admin_token_in(dir_.file("var"));
  ASSERT_TRUE(token) << host->stderr_text();
  const HttpReply reply = exchange(*port, "GET", "/api/v1/plugins", {{"Authorization", "Bearer " + *token}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json::Value doc = json::parse(reply.body);
  std::vector<std::string> loaded;
  for (const json::Value& plugin : doc["plugins"].as_array()) loaded.push_back(text_of(plugin["name"]));
  EXPECT_THAT(loaded, ::testing::IsSupersetOf({"good", "calculator", "clock", "scripted"}));
  std::vector<std::string> refused;
  for (const json::Value& refusal : doc["refused"].as_array()) refused.push_back(text_of(refusal["path"]));
  for (const char* file : refused_files) EXPECT_THAT(refused, ::testing::Contains(test_plugin_dir() + "/" + file));

  host->send_signal(SIGTERM);
  ASSERT_EQ(host->wait_for_exit(std::chrono::seconds(12)), 0) << host->stderr_text();

  // The log warned about each refused file, with its reason.
  const JsonLog log = parse_json_log(host->stderr_text());
  for (const char* file : refused_files) {
    const std::string path = test_plugin_dir() + "/" + file;
    bool warned = false;
    for (const json::Value& record : log.records)
      if (text_of(record["level"]) == "warn" && json::dump(record).find(path + ": ") != std::string::npos)
        warned = true;
    EXPECT_TRUE(warned) << "no warning naming " << path << "\n" << host->stderr_text();
  }
}

struct NeededRefusal {
  std::string name;
  std::string config; // needs something only the refused file would provide
  std::string key;    // "[section] key"; the exact line is config_check_test's concern
  std::string file;   // the refused file
  std::string reason; // a fragment of its refusal reason
};

void PrintTo(const NeededRefusal& c, std::ostream* os) { *os << c.name; }

class ConfigNeedsARefusedPlugin : public BrokenPluginsOnPath, public ::testing::WithParamInterface<NeededRefusal> {};

TEST_P(ConfigNeedsARefusedPlugin, ServeExitsOneNamingTheKeyAndTheRefusal) {
  const NeededRefusal& c = GetParam();
  const std::string config = dir_.write("needs.conf", c.config);
  const RunResult r = serve_expecting_refusal(config);
  ASSERT_EQ(r.exit_status, 1) << describe(r);
  EXPECT_THAT(r.out, Not(HasSubstr(listening_marker)));
  // The located error line ("FILE:LINE: [section] key: ...") carries the refusal with it.
  std::string located;
  std::istringstream lines(r.err);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(config + ":", 0) == 0 && line.find(": " + c.key + ": ") != std::string::npos) located = line;
  ASSERT_FALSE(located.empty()) << "no error naming " << c.key << "\n" << r.err;
  EXPECT_THAT(located, HasSubstr(test_plugin_dir() + "/" + c.file + " was refused: "));
  EXPECT_THAT(located, HasSubstr(c.reason));
}

INSTANTIATE_TEST_SUITE_P(
    Plugins, ConfigNeedsARefusedPlugin,
    ::testing::Values(NeededRefusal{"tool_type_of_schema_rejected", "[tool.x]\nplugin = odd_schema\n",
                                    "[tool.x] plugin", "schema_rejected.so", "property 'colour'"},
                      NeededRefusal{"tool_type_of_duplicate_type", "[tool.x]\nplugin = twice\n", "[tool.x] plugin",
                                    "duplicate_type.so", "both declare the type name 'twice'"},
                      NeededRefusal{"tool_type_of_schema_invalid_json", "\n[tool.x]\nplugin = broken_schema\n",
                                    "[tool.x] plugin", "schema_invalid_json.so", "settings schema is not valid JSON"},
                      // A plugin built against a newer SDK minor has a 1.x descriptor the host can read, so
                      // it can tell the operator which refused file declares the type.
                      NeededRefusal{"tool_type_of_abi_minor_newer", "[tool.x]\nplugin = newer_tool\n",
                                    "[tool.x] plugin", "abi_minor_newer.so", "upgrade agenthost"},
                      NeededRefusal{"require_abi_major_2", "[plugins]\nrequire = abi_major_2\n", "[plugins] require",
                                    "abi_major_2.so", "built for ABI 2.x"},
                      NeededRefusal{"require_schema_rejected_among_others",
                                    "[plugins]\nrequire = calculator, schema_rejected\n", "[plugins] require",
                                    "schema_rejected.so", "property 'colour'"},
                      NeededRefusal{"require_twin", "[plugins]\nrequire = twin\n", "[plugins] require",
                                    "twin_of_good.so", "type name 'echo' (tool) is already provided by plugin 'good'"}),
    [](const ::testing::TestParamInfo<NeededRefusal>& info) { return info.param.name; });

TEST_F(BrokenPluginsOnPath, RequiringALoadedPluginIsFine) {
  const std::string config = dir_.write("require.conf", "[plugins]\nrequire = good, calculator\n");
  const RunResult r = run_agenthost({"config", "check", "--config", config}, options());
  EXPECT_EQ(r.exit_status, 0) << describe(r);
  // The refused files are still worth a warning to the operator.
  EXPECT_THAT(r.err, HasSubstr("warning: "));
  EXPECT_THAT(r.err, HasSubstr(test_plugin_dir() + "/no_entry.so"));
}

} // namespace
} // namespace agenthost::integration
