// Discovery over directories: first file wins, duplicates are refused naming both files.
#include "plugins/plugin_catalog.hpp"

#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::plugins {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::plugin_path;
using testing::TempDir;
namespace fs = boost::filesystem;

const Refusal* refusal_of(const PluginCatalog& catalog, const std::string& path) {
  for (const Refusal& r : catalog.refusals())
    if (r.path == path) return &r;
  return nullptr;
}

TEST(PluginCatalog, DiscoversTheTestDirectoryLoadingGoodPluginsAndRefusingEachBrokenFileOnce) {
  const PluginCatalog catalog = PluginCatalog::discover({{testing::test_plugin_dir(), "test"}});
  ASSERT_NE(catalog.find_plugin("good"), nullptr);
  ASSERT_NE(catalog.find_plugin("raw_calls"), nullptr);
  for (const char* broken :
       {"not_a_library", "no_entry", "null_descriptor", "abi_major_2", "abi_minor_newer", "descriptor_too_small",
        "unknown_kind", "duplicate_type", "schema_invalid_json", "schema_rejected", "twin_of_good"}) {
    const std::string path = plugin_path(broken);
    int count = 0;
    for (const Refusal& r : catalog.refusals()) count += r.path == path;
    EXPECT_EQ(count, 1) << path;
  }
  // good.so sorts before twin_of_good.so, so "twin" is the one refused, naming both files.
  EXPECT_THAT(
      refusal_of(catalog, plugin_path("twin_of_good"))->reason,
      AllOf(HasSubstr("type name 'echo' (tool) is already provided by plugin 'good' from " + plugin_path("good")),
            HasSubstr("rename one")));
  EXPECT_EQ(catalog.search_path().size(), 1u);
}

TEST(PluginCatalog, TheFirstFileWinsWhicheverItIs) {
  const PluginCatalog catalog = PluginCatalog::from_files({plugin_path("twin_of_good"), plugin_path("good")});
  ASSERT_NE(catalog.find_plugin("twin"), nullptr);
  EXPECT_EQ(catalog.find_plugin("good"), nullptr);
  ASSERT_EQ(catalog.refusals().size(), 1u);
  EXPECT_EQ(catalog.refusals()[0].path, plugin_path("good"));
  EXPECT_THAT(catalog.refusals()[0].reason,
              HasSubstr("already provided by plugin 'twin' from " + plugin_path("twin_of_good")));
  // The refusal remembers what the file declared, to explain a config that asks for it.
  EXPECT_TRUE(catalog.refusals()[0].concerns("echo_backend"));
}

TEST(PluginCatalog, ASecondFileWithTheSamePluginNameIsRefusedNamingTheFirst) {
  TempDir early;
  fs::copy_file(plugin_path("good"), early / "good_copy.so");
  const PluginCatalog catalog = PluginCatalog::discover({{early.path(), "test"}, {testing::test_plugin_dir(), "test"}});
  ASSERT_NE(catalog.find_plugin("good"), nullptr);
  EXPECT_EQ(catalog.find_plugin("good")->path, early / "good_copy.so");
  const Refusal* refusal = refusal_of(catalog, plugin_path("good"));
  ASSERT_NE(refusal, nullptr);
  EXPECT_THAT(refusal->reason, AllOf(HasSubstr("plugin name 'good' is already loaded from " + (early / "good_copy.so")),
                                     HasSubstr("the first file on the search path wins")));
}

TEST(PluginCatalog, OneFileReachedTwiceIsLoadedOnce) {
  TempDir dir;
  fs::create_symlink(plugin_path("good"), dir / "good.so");
  const PluginCatalog catalog = PluginCatalog::from_files({plugin_path("good"), dir / "good.so", plugin_path("good")});
  EXPECT_EQ(catalog.plugins().size(), 1u);
  EXPECT_TRUE(catalog.refusals().empty());
}

TEST(PluginCatalog, FindsComponentsByKindAndTypeName) {
  const PluginCatalog catalog = PluginCatalog::from_files({plugin_path("good"), plugin_path("raw_calls")});
  ASSERT_NE(catalog.find(ComponentKind::tool, "echo"), nullptr);
  EXPECT_EQ(catalog.find(ComponentKind::tool, "echo")->plugin_name, "good");
  EXPECT_EQ(catalog.find(ComponentKind::backend, "echo"), nullptr) << "echo is a tool";
  EXPECT_EQ(catalog.find_type("echo_backend")->kind, ComponentKind::backend);
  EXPECT_EQ(catalog.find_type("nothing"), nullptr);
  EXPECT_THAT(catalog.type_names(ComponentKind::backend), ::testing::ElementsAre("echo_backend", "raw_backend"));
  EXPECT_THAT(catalog.type_names(ComponentKind::strategy), ::testing::ElementsAre("passthrough"));
}

TEST(PluginCatalog, MissingAndEmptyDirectoriesYieldAnEmptyCatalog) {
  TempDir empty;
  const PluginCatalog catalog = PluginCatalog::discover({{"/nonexistent/plugins", "test"}, {empty.path(), "test"}});
  EXPECT_TRUE(catalog.plugins().empty());
  EXPECT_TRUE(catalog.refusals().empty());
  EXPECT_EQ(catalog.search_path().size(), 2u);
}

} // namespace
} // namespace agenthost::plugins
