// `plugins inspect FILE` on every test plugin: each broken one is refused with its own reason
// naming the file, and none takes the test process down.
#include "plugins/plugin_loader.hpp"

#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::plugins {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::plugin_path;

struct RefusalCase {
  const char* file;
  std::vector<std::string> phrases;
};

void PrintTo(const RefusalCase& c, std::ostream* out) { *out << c.file; }

class PluginRefusal : public ::testing::TestWithParam<RefusalCase> {};

TEST_P(PluginRefusal, IsRefusedWithAReasonNamingTheFile) {
  const std::string path = plugin_path(GetParam().file);
  const Inspection inspection = inspect(path);
  ASSERT_TRUE(std::holds_alternative<Refusal>(inspection)) << path << " was accepted";
  const Refusal& refusal = std::get<Refusal>(inspection);
  EXPECT_EQ(refusal.path, path);
  EXPECT_THAT(refusal.message(), HasSubstr(std::string(GetParam().file) + ".so: "));
  for (const std::string& phrase : GetParam().phrases) EXPECT_THAT(refusal.reason, HasSubstr(phrase));
}

INSTANTIATE_TEST_SUITE_P(
    EveryFailureMode, PluginRefusal,
    ::testing::Values(
        RefusalCase{"not_a_library", {"not a loadable shared object: invalid ELF header", "check `ldd`"}},
        RefusalCase{"no_entry", {"no entry symbol 'agenthost_plugin_v1'", "AGENTHOST_PLUGIN"}},
        RefusalCase{"null_descriptor", {"returned NULL instead of a descriptor"}},
        RefusalCase{"entry_throws", {"the entry function threw: descriptor setup exploded"}},
        RefusalCase{"abi_major_2", {"built for ABI 2.x, this host speaks 1.x — rebuild against SDK 1"}},
        RefusalCase{"abi_minor_newer",
                    {"needs ABI 1." + std::to_string(AGENTHOST_ABI_MINOR + 7), // the plugin asks for minor + 7
                     "this host speaks 1." + std::to_string(AGENTHOST_ABI_MINOR), "upgrade agenthost"}},
        RefusalCase{"descriptor_too_small", {"descriptor struct_size is 16 bytes", "rebuild the plugin"}},
        RefusalCase{"unknown_kind", {"component 'mystery': unknown kind 9"}},
        RefusalCase{"duplicate_type", {"components 1 and 2 both declare the type name 'twice'"}},
        RefusalCase{"schema_invalid_json", {"tool component 'broken_schema': settings schema is not valid JSON"}},
        RefusalCase{"schema_rejected",
                    {"tool component 'odd_schema': settings schema rejected", "property 'colour'", "\"type\""}}),
    [](const ::testing::TestParamInfo<RefusalCase>& info) { return std::string(info.param.file); });

TEST(PluginInspect, AMissingFileIsRefusedNotThrown) {
  const Inspection inspection = inspect("/nonexistent/dir/ghost.so");
  ASSERT_TRUE(std::holds_alternative<Refusal>(inspection));
  EXPECT_THAT(std::get<Refusal>(inspection).reason,
              AllOf(HasSubstr("no such file"), Not(HasSubstr("loadable"))));
}

TEST(PluginCatalogDiscovery, AThrowingEntryFunctionRefusesOnlyItsOwnFile) {
  const PluginCatalog catalog = PluginCatalog::from_files({plugin_path("entry_throws"), plugin_path("good")});
  EXPECT_NE(catalog.find_type("echo"), nullptr) << "discovery went on past the throwing plugin";
}

TEST(PluginInspect, TheGoodPluginIsAcceptedWithEveryComponent) {
  const Inspection inspection = inspect(plugin_path("good"));
  ASSERT_TRUE(std::holds_alternative<PluginInfo>(inspection)) << std::get<Refusal>(inspection).message();
  const PluginInfo& plugin = std::get<PluginInfo>(inspection);
  EXPECT_EQ(plugin.name, "good");
  EXPECT_EQ(plugin.version, "1.2.3");
  EXPECT_EQ(plugin.abi(), std::to_string(AGENTHOST_ABI_MAJOR) + "." + std::to_string(AGENTHOST_ABI_MINOR));
  std::vector<std::string> components;
  for (const ComponentInfo& c : plugin.components)
    components.push_back(std::string(kind_name(c.kind)) + " " + c.type_name);
  EXPECT_THAT(components, ::testing::ElementsAre("tool echo", "tool services", "backend echo_backend", "tool probe",
                                                 "tool probe_parallel", "strategy passthrough", "cleaning upper"));
  EXPECT_FALSE(plugin.components[3].thread_safe());
  EXPECT_TRUE(plugin.components[4].thread_safe());
}

TEST(PluginInspect, InspectingTheSameFileTwiceGivesTheSameAnswer) {
  // The library stays loaded; a second dlopen must find the same descriptor.
  const Inspection first = inspect(plugin_path("good"));
  const Inspection second = inspect(plugin_path("good"));
  ASSERT_TRUE(std::holds_alternative<PluginInfo>(first));
  ASSERT_TRUE(std::holds_alternative<PluginInfo>(second));
  EXPECT_EQ(std::get<PluginInfo>(first).components.size(), std::get<PluginInfo>(second).components.size());
}

} // namespace
} // namespace agenthost::plugins
