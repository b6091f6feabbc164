#include "plugins/search_path.hpp"

#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace agenthost::plugins {
namespace {

using testing::TempDir;
namespace fs = boost::filesystem;

std::vector<std::string> paths_of(const std::vector<SearchDir>& dirs) {
  std::vector<std::string> out;
  for (const SearchDir& d : dirs) out.push_back(d.path + " (" + d.origin + ")");
  return out;
}

void touch(const std::string& path) { std::ofstream(path) << "x"; }

TEST(PluginSearchPath, EnvironmentThenConfigThenTheDefaultsNextToTheBinary) {
  const auto dirs = plugin_search_path(std::string("/env/one:/env/two"), {"/conf/plugins"}, "/opt/agenthost/bin");
  EXPECT_THAT(paths_of(dirs),
              ::testing::ElementsAre("/env/one (AGENTHOST_PLUGIN_PATH)", "/env/two (AGENTHOST_PLUGIN_PATH)",
                                     "/conf/plugins ([plugins] path)", "/opt/agenthost/plugins (default)",
                                     "/opt/agenthost/lib/agenthost/plugins (default)"));
}

TEST(PluginSearchPath, SkipsEmptyEntriesAndDirectoriesListedTwice) {
  const auto dirs = plugin_search_path(std::string(":/a::/a/:/b/../a"), {"/a", "/c"}, "");
  EXPECT_THAT(paths_of(dirs), ::testing::ElementsAre("/a (AGENTHOST_PLUGIN_PATH)", "/c ([plugins] path)"));
}

TEST(PluginSearchPath, WithoutEnvironmentOrExecutableDirOnlyTheConfigRemains) {
  EXPECT_THAT(paths_of(plugin_search_path(std::nullopt, {"/conf"}, "")),
              ::testing::ElementsAre("/conf ([plugins] path)"));
  EXPECT_TRUE(plugin_search_path(std::string(""), {}, "").empty());
}

TEST(PluginSearchPath, RelativeEnvironmentEntriesAreRelativeToTheCurrentDirectory) {
  const auto dirs = plugin_search_path(std::string("relative/plugins"), {}, "");
  ASSERT_EQ(dirs.size(), 1u);
  EXPECT_EQ(dirs[0].path, (fs::current_path() / "relative/plugins").lexically_normal().string());
}

TEST(PluginSearchPath, TheSameDirectoryThroughASymlinkIsSearchedOnce) {
  TempDir temp;
  fs::create_directory(temp / "real");
  fs::create_directory_symlink(temp / "real", temp / "link");
  const auto dirs = plugin_search_path(std::string(temp / "real"), {temp / "link"}, "");
  EXPECT_EQ(dirs.size(), 1u);
}

TEST(PluginFilesIn, ListsSharedObjectsSortedIncludingLinksButNotDirectoriesOrDanglingLinks) {
  TempDir temp;
  touch(temp / "b.so");
  touch(temp / "a.so");
  touch(temp / "notes.txt");
  touch(temp / "a.so.1");
  fs::create_directory(temp / "dir.so");
  fs::create_symlink(temp / "a.so", temp / "link.so");
  fs::create_symlink(temp / "missing", temp / "dangling.so");
  EXPECT_THAT(plugin_files_in(temp.path()), ::testing::ElementsAre(temp / "a.so", temp / "b.so", temp / "link.so"));
}

TEST(PluginFilesIn, AMissingDirectoryHasNoFiles) {
  EXPECT_TRUE(plugin_files_in("/nonexistent/agenthost/plugins").empty());
  EXPECT_FALSE(directory_exists("/nonexistent/agenthost/plugins"));
}

TEST(ExecutableDirectory, IsTheDirectoryOfThisTestBinary) {
  const std::string dir = executable_directory();
  ASSERT_FALSE(dir.empty());
  EXPECT_TRUE(directory_exists(dir));
}

} // namespace
} // namespace agenthost::plugins
