// From config to running instances: type lookup, settings conversion, required plugins, and the
// errors an operator sees for each mistake.
#include "plugins/instance_plan.hpp"
#include "plugins/instance_set.hpp"

#include "common/error.hpp"

#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::plugins {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::plugin_path;

class InstancePlanTest : public ::testing::Test {
protected:
  config::Config load(const std::string& text) {
    config::LoadResult loaded =
        config::load_config_text(text, "test.conf", "/etc/agenthost", config::fixed_environment({}));
    EXPECT_TRUE(loaded.errors.empty()) << config::format_errors(loaded.errors);
    return loaded.config;
  }
  InstancePlan plan(const std::string& text) { return plan_instances(catalog, load(text)); }
  static std::vector<std::string> errors_of(const InstancePlan& p) {
    std::vector<std::string> out;
    for (const config::ConfigError& e : p.errors) out.push_back(e.format());
    return out;
  }

  PluginCatalog catalog =
      PluginCatalog::from_files({plugin_path("good"), plugin_path("raw_calls"), plugin_path("schema_rejected"),
                                 plugin_path("abi_major_2"), plugin_path("twin_of_good")});
  testing::ServicesFixture fixture;
};

TEST_F(InstancePlanTest, PlansEveryInstanceWithConvertedSettingsInCreationOrder) {
  const InstancePlan p = plan(R"(
[tool.shout]
plugin = echo
repeat = 3
data_dir = cache/echo

[strategy.keep]
plugin = passthrough

[backend.demo]
plugin = echo_backend
greeting = hello
)");
  ASSERT_TRUE(p.ok()) << config::format_errors(p.errors);
  std::vector<std::string> order;
  for (const PlannedInstance& i : p.instances) order.push_back(i.config.section());
  EXPECT_THAT(order, ElementsAre("backend.demo", "tool.shout", "strategy.keep"));
  EXPECT_EQ(json::dump(p.instances[1].settings),
            R"({"prefix":"","repeat":3,"fail_on_create":false,"data_dir":"/etc/agenthost/cache/echo"})");
  EXPECT_EQ(p.instances[0].settings["greeting"], json::Value("hello"));
  EXPECT_EQ(p.instances[0].component.type_name, "echo_backend");
}

TEST_F(InstancePlanTest, AnUnknownTypeListsWhatIsLoadedAndWhereItLooked) {
  const InstancePlan p = plan("[tool.x]\nplugin = foo\n");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_THAT(p.errors[0].format(),
              AllOf(HasSubstr("test.conf:2: [tool.x] plugin: no tool component named 'foo' is loaded "
                              "(loaded tools: echo, probe, probe_parallel, raw_tool, services)"),
                    HasSubstr("is its plugin file on the search path?")));
  EXPECT_TRUE(p.instances.empty());
}

TEST_F(InstancePlanTest, AnUnknownTypeFromARefusedFileCarriesTheRefusal) {
  const InstancePlan p = plan("\n[tool.paint]\nplugin = odd_schema\n");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_THAT(p.errors[0].format(),
              AllOf(HasSubstr("test.conf:3: [tool.paint] plugin: no tool component named 'odd_schema' is loaded"),
                    HasSubstr("; " + plugin_path("schema_rejected") +
                              " was refused: tool component 'odd_schema': settings schema rejected"),
                    HasSubstr("property 'colour'")));
  // That refusal is explained in the error, so it is not repeated as a warning; the others are.
  for (const std::string& warning : p.warnings) EXPECT_THAT(warning, ::testing::Not(HasSubstr("schema_rejected.so")));
  EXPECT_EQ(p.warnings.size(), 2u);
}

TEST_F(InstancePlanTest, AKindMismatchSaysWhichSectionToUse) {
  const InstancePlan p = plan("[tool.chatty]\nplugin = echo_backend\n");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].format(),
            "test.conf:2: [tool.chatty] plugin: 'echo_backend' is a backend component, not a tool; "
            "configure it in a [backend.chatty] section");
}

TEST_F(InstancePlanTest, EverySettingsProblemNamesFileLineSectionAndKey) {
  const InstancePlan p = plan(R"([tool.e]
plugin = echo
repeat = many
colour = red

[tool.f]
plugin = echo
repeat = 9
)");
  EXPECT_THAT(errors_of(p),
              ElementsAre("test.conf:3: [tool.e] repeat: expected an integer, got 'many'",
                          "test.conf:4: [tool.e] colour: unknown setting 'colour'; known settings: prefix, "
                          "repeat, fail_on_create, data_dir",
                          "test.conf:8: [tool.f] repeat: must be <= 5 (got 9)"));
  EXPECT_TRUE(p.instances.empty());
}

TEST_F(InstancePlanTest, SettingsProblemsNeverShowASecretsValue) {
  catalog = PluginCatalog::from_files({plugin_path("secret_settings")});
  const InstancePlan p = plan(R"([tool.s]
plugin = secret_settings
api_key = sk-live-12345
auth_token = sk-live-12345
mode = plain-value
)");
  const std::vector<std::string> errors = errors_of(p);
  ASSERT_EQ(errors.size(), 3u) << ::testing::PrintToString(errors);
  for (const std::string& e : errors) EXPECT_THAT(e, Not(HasSubstr("sk-live"))) << e;
  EXPECT_THAT(errors[0], AllOf(HasSubstr("[tool.s] api_key:"), HasSubstr("***")));
  EXPECT_THAT(errors[1], AllOf(HasSubstr("[tool.s] auth_token:"), HasSubstr("got '***'")));
  EXPECT_THAT(errors[2], HasSubstr("got 'plain-value'")) << "values of ordinary keys stay visible";
}

TEST_F(InstancePlanTest, AComponentWithoutASchemaTakesNoSettings) {
  const InstancePlan p = plan("[backend.r]\nplugin = raw_backend\nmodel = x\n");
  EXPECT_THAT(errors_of(p),
              ElementsAre(HasSubstr(
                  "test.conf:3: [backend.r] model: unknown setting 'model'; this component takes no settings")));
}

TEST_F(InstancePlanTest, RequiredPluginsThatDidNotLoadAreErrorsWithTheReason) {
  const InstancePlan p = plan("[plugins]\nrequire = good, abi_major_2, ghost\n");
  EXPECT_THAT(
      errors_of(p),
      ElementsAre("test.conf:2: [plugins] require: plugin 'abi_major_2' is required but did not load: " +
                      plugin_path("abi_major_2") +
                      " was refused: built for ABI 2.x, this host speaks 1.x — rebuild against SDK 1",
                  HasSubstr("test.conf:2: [plugins] require: plugin 'ghost' is required but did not load: no file on "
                            "the plugin search path provides it")));
}

TEST_F(InstancePlanTest, RefusedPluginsNobodyNeedsAreWarningsOnly) {
  const InstancePlan p = plan("[tool.e]\nplugin = echo\n");
  ASSERT_TRUE(p.ok()) << config::format_errors(p.errors);
  ASSERT_EQ(p.warnings.size(), 3u);
  EXPECT_THAT(p.warnings[0],
              HasSubstr("plugin file refused, starting without it: " + plugin_path("schema_rejected") + ": "));
  EXPECT_THAT(p.warnings[2], HasSubstr(plugin_path("twin_of_good") + ": type name 'echo'"));
}

TEST_F(InstancePlanTest, CreatesTheInstancesAndDestroysThemTogether) {
  const config::Config config = load("[backend.demo]\nplugin = echo_backend\n\n[tool.e]\nplugin = echo\nprefix = >\n");
  std::unique_ptr<InstanceSet> set = create_configured_instances(catalog, config, fixture.services);
  ASSERT_TRUE(set);
  EXPECT_THAT(set->names(ComponentKind::backend), ElementsAre("demo"));
  Instance* echo = set->find(ComponentKind::tool, "e");
  ASSERT_NE(echo, nullptr);
  EXPECT_EQ(set->find(ComponentKind::backend, "e"), nullptr);
  CollectingSink sink;
  ASSERT_EQ(echo->invoke(sink, R"({"text":"x"})"), AH_OK);
  EXPECT_EQ(sink.result(), ">x");
  EXPECT_THAT(fixture.log.containing("plugin file refused"), HasSubstr("abi_major_2.so")) << "warnings are logged";
}

TEST_F(InstancePlanTest, ABadConfigCreatesNothingAndListsEveryError) {
  const config::Config config = load("[tool.a]\nplugin = foo\n\n[tool.b]\nplugin = echo\nrepeat = x\n");
  try {
    create_configured_instances(catalog, config, fixture.services);
    FAIL() << "expected a config error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::config);
    EXPECT_THAT(e.what(), AllOf(HasSubstr("2 errors"), HasSubstr("[tool.a] plugin: no tool component named 'foo'"),
                                HasSubstr("test.conf:6: [tool.b] repeat: expected an integer")));
  }
}

TEST_F(InstancePlanTest, AFailedCreateIsAConfigErrorWithThePluginsReason) {
  const config::Config config =
      load("[tool.ok]\nplugin = echo\n\n[tool.broken]\nplugin = echo\nfail_on_create = yes\n");
  try {
    create_configured_instances(catalog, config, fixture.services);
    FAIL() << "expected a config error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("test.conf:4: [tool.broken] could not create the tool (echo from " +
                                    plugin_path("good") + "): fail_on_create is set, so creation fails"));
  }
}

TEST_F(InstancePlanTest, CreateReportsEveryFailureAndKeepsTheOthers) {
  InstancePlan p = plan("[tool.a]\nplugin = raw_tool\nmode = fail_silently\n\n[tool.b]\nplugin = raw_tool\n");
  ASSERT_TRUE(p.ok());
  InstanceSetResult result = InstanceSet::create(p, fixture.services, "test.conf");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_THAT(result.errors[0].format(),
              HasSubstr("test.conf:1: [tool.a] could not create the tool (raw_tool from " + plugin_path("raw_calls") +
                        "): create failed (internal error) without saying why"));
  EXPECT_THAT(result.instances->names(ComponentKind::tool), ElementsAre("b"));
}

TEST_F(InstancePlanTest, AStrategyCanCompleteWithABackendOfTheSameSet) {
  const config::Config config = load("[backend.demo]\nplugin = echo_backend\n\n[tool.svc]\nplugin = services\n");
  auto set = create_configured_instances(catalog, config, fixture.services);
  CollectingSink sink;
  ASSERT_EQ(
      set->find(ComponentKind::tool, "svc")->invoke(sink, R"({"op":"complete","backend":"demo","text":"via set"})"),
      AH_OK);
  EXPECT_EQ(sink.result(), "text=via set");
}

} // namespace
} // namespace agenthost::plugins
