// Context windows: config overrides beat what the backend describes; describe() is asked once
// per instance and again at most once a minute for a model it does not list.
#include "runtime/context_window.hpp"

#include "plugins/tests/test_support.hpp"

#include <gtest/gtest.h>

#ifndef CONTEXT_TEST_PLUGIN_PATH
#error "CONTEXT_TEST_PLUGIN_PATH must name the built test plugin context_test (see host/runtime/CMakeLists.txt)"
#endif

namespace agenthost::runtime {
namespace {

using namespace std::chrono_literals;

class ContextWindowsTest : public ::testing::Test {
protected:
  ContextWindowsTest() {
    instances.add(plugins::testing::create_instance(catalog, services.services, "context_echo", "echo"));
  }

  plugins::testing::ServicesFixture services;
  plugins::PluginCatalog catalog = plugins::PluginCatalog::from_files({CONTEXT_TEST_PLUGIN_PATH});
  plugins::testing::TestDirectory instances;
  std::chrono::steady_clock::time_point now{std::chrono::hours(1)};
  ContextWindows windows{instances, [this] { return now; }};
};

// context_echo describes itself with context_window 1000 + the number of describe() calls.
TEST_F(ContextWindowsTest, DescribeIsAskedOnceThenAgainAtMostOnceAMinuteForUnlistedModels) {
  const BackendPolicy defaults;
  EXPECT_EQ(windows.resolve("echo", "other", defaults), 1001);
  EXPECT_EQ(windows.resolve("echo", "other", defaults), 1001) << "cached";
  now += 59s;
  EXPECT_EQ(windows.resolve("echo", "other", defaults), 1001) << "still within the minute";
  now += 2s;
  EXPECT_EQ(windows.resolve("echo", "other", defaults), 1002) << "asked again: the model may have appeared";
  EXPECT_EQ(windows.resolve("echo", "big", defaults), 50000);
  now += 120s;
  EXPECT_EQ(windows.resolve("echo", "big", defaults), 50000) << "a listed model never asks again";
  EXPECT_EQ(windows.resolve("echo", "fam-x1", defaults), 4000) << "the longest prefix wins";
  EXPECT_EQ(windows.resolve("echo", "fam-a", defaults), 3000);
}

TEST_F(ContextWindowsTest, ConfigOverridesBeatTheDescription) {
  BackendPolicy policy;
  policy.context_window = 2048;
  policy.model_context_windows = {{"big", 100000}};
  EXPECT_EQ(windows.resolve("echo", "big", policy), 100000);
  EXPECT_EQ(windows.resolve("echo", "other", policy), 2048);
}

TEST_F(ContextWindowsTest, AnUnknownBackendHasNoWindow) {
  EXPECT_FALSE(windows.resolve("nowhere", "m", BackendPolicy{}));
}

} // namespace
} // namespace agenthost::runtime
