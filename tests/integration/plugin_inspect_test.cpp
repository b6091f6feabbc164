// `agenthost plugins inspect FILE`: what a good plugin declares, and for each way a plugin file
// can be broken, its own reason naming the file.
#include "agenthost/json.hpp"
#include "agenthost_process.hpp"
#include "build_paths.hpp"
#include "json_log.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

namespace agenthost::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(PluginsInspect, BundledCalculatorAsJson) {
  const std::string file = bundled_plugin_dir() + "/calculator.so";
  const RunResult r = run_agenthost({"plugins", "inspect", file, "--json"});
  ASSERT_EQ(r.exit_status, 0) << describe(r);
  const json::Value doc = json::parse(r.out);
  EXPECT_EQ(text_of(doc["name"]), "calculator");
  EXPECT_EQ(text_of(doc["path"]), file);
  EXPECT_FALSE(text_of(doc["version"]).empty());
  ASSERT_TRUE(doc["components"].is_array()) << r.out;
  ASSERT_EQ(doc["components"].as_array().size(), 1u) << r.out;
  const json::Value& component = doc["components"][0];
  EXPECT_EQ(text_of(component["kind"]), "tool");
  EXPECT_EQ(text_of(component["type"]), "calculator");
  EXPECT_TRUE(component["settings_schema"].is_object()) << r.out;
}

TEST(PluginsInspect, OptionsMayComeBeforeOrAfterTheFile) {
  const std::string file = bundled_plugin_dir() + "/scripted.so";
  const RunResult after = run_agenthost({"plugins", "inspect", file, "--json"});
  const RunResult before = run_agenthost({"plugins", "inspect", "--json", file});
  ASSERT_EQ(after.exit_status, 0) << describe(after);
  ASSERT_EQ(before.exit_status, 0) << describe(before);
  EXPECT_EQ(before.out, after.out);
  EXPECT_EQ(text_of(json::parse(before.out)["name"]), "scripted");
}

TEST(PluginsInspect, TextOutputListsEveryComponentOfAGoodPlugin) {
  const RunResult r = run_agenthost({"plugins", "inspect", test_plugin_dir() + "/good.so"});
  ASSERT_EQ(r.exit_status, 0) << describe(r);
  EXPECT_THAT(r.out, HasSubstr("good 1.2.3"));
  for (const char* component : {"tool echo", "backend echo_backend", "strategy passthrough", "cleaning upper"})
    EXPECT_THAT(r.out, HasSubstr(component));
}

TEST(PluginsInspect, AMissingFileIsRefusedNamingIt) {
  const std::string file = test_plugin_dir() + "/does_not_exist.so";
  const RunResult r = run_agenthost({"plugins", "inspect", file});
  ASSERT_EQ(r.exit_status, 1) << describe(r);
  EXPECT_THAT(r.out + r.err, HasSubstr(file));
  EXPECT_THAT(r.out + r.err, HasSubstr("no such file"));
  EXPECT_THAT(r.out + r.err, Not(HasSubstr("loadable"))) << "a missing file is not a broken library";
}

struct BrokenPlugin {
  std::string file;   // in TEST_PLUGIN_DIR
  std::string reason; // a fragment only this refusal says
};

void PrintTo(const BrokenPlugin& broken, std::ostream* os) { *os << broken.file; }

// One entry per way a plugin can be refused (tests/plugins has the file for each).
const BrokenPlugin broken_plugins[] = {
    {"not_a_library.so", "not a loadable shared object"},
    {"no_entry.so", "no entry symbol 'agenthost_plugin_v1'"},
    {"null_descriptor.so", "returned NULL instead of a descriptor"},
    {"abi_major_2.so", "built for ABI 2.x, this host speaks 1.x"},
    {"abi_minor_newer.so", "upgrade agenthost"},
    {"descriptor_too_small.so", "struct_size is 16 bytes"},
    {"unknown_kind.so", "unknown kind 9"},
    {"duplicate_type.so", "both declare the type name 'twice'"},
    {"schema_invalid_json.so", "settings schema is not valid JSON"},
    {"schema_rejected.so", "property 'colour'"},
};

class BrokenPluginInspect : public ::testing::TestWithParam<BrokenPlugin> {};

// The refusal is the inspection's report; which stream carries it is not what this pins down.
TEST_P(BrokenPluginInspect, TextExitsOneNamingFileAndReason) {
  const std::string file = test_plugin_dir() + "/" + GetParam().file;
  const RunResult r = run_agenthost({"plugins", "inspect", file});
  ASSERT_EQ(r.exit_status, 1) << describe(r);
  EXPECT_THAT(r.out + r.err, HasSubstr("refused: " + file + ": "));
  EXPECT_THAT(r.out + r.err, HasSubstr(GetParam().reason));
}

TEST_P(BrokenPluginInspect, JsonExitsOneWithPathAndReason) {
  const std::string file = test_plugin_dir() + "/" + GetParam().file;
  const RunResult r = run_agenthost({"plugins", "inspect", "--json", file});
  ASSERT_EQ(r.exit_status, 1) << describe(r);
  const json::Value doc = json::parse(r.out);
  EXPECT_EQ(text_of(doc["path"]), file);
  EXPECT_THAT(text_of(doc["reason"]), HasSubstr(GetParam().reason));
}

INSTANTIATE_TEST_SUITE_P(TestPlugins, BrokenPluginInspect, ::testing::ValuesIn(broken_plugins),
                         [](const ::testing::TestParamInfo<BrokenPlugin>& info) {
                           return info.param.file.substr(0, info.param.file.find('.'));
                         });

// The table's fragments could all be generic; this checks the reasons really differ.
TEST(PluginsInspect, EveryBrokenPluginGetsItsOwnReason) {
  std::set<std::string> reasons;
  for (const BrokenPlugin& broken : broken_plugins) {
    const std::string file = test_plugin_dir() + "/" + broken.file;
    const RunResult r = run_agenthost({"plugins", "inspect", "--json", file});
    ASSERT_EQ(r.exit_status, 1) << describe(r);
    reasons.insert(text_of(json::parse(r.out)["reason"]));
  }
  EXPECT_EQ(reasons.size(), std::size(broken_plugins));
}

} // namespace
} // namespace agenthost::integration
