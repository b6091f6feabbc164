// The JSON and text renderings shared by the CLI and GET /api/v1/plugins.
#include "plugins/catalog_rendering.hpp"

#include "plugins/plugin_loader.hpp"

#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::plugins {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::plugin_path;

std::vector<std::string> keys_of(const json::Value& object) {
  std::vector<std::string> keys;
  for (const auto& member : object.as_object()) keys.push_back(member.first);
  return keys;
}

PluginCatalog good_and_one_refusal() {
  return PluginCatalog::from_files({plugin_path("good"), plugin_path("abi_major_2")});
}

TEST(CatalogJson, HasTheDocumentedShapeAndKeyOrder) {
  const json::Value out = catalog_to_json(good_and_one_refusal());
  EXPECT_THAT(keys_of(out), ElementsAre("plugins", "refused"));
  ASSERT_EQ(out["plugins"].size(), 1u);
  const json::Value& plugin = out["plugins"][0];
  EXPECT_THAT(keys_of(plugin), ElementsAre("name", "version", "description", "path", "abi", "components"));
  EXPECT_EQ(plugin["name"], json::Value("good"));
  EXPECT_EQ(plugin["version"], json::Value("1.2.3"));
  EXPECT_EQ(plugin["path"], json::Value(plugin_path("good")));
  EXPECT_EQ(plugin["abi"], json::Value(std::to_string(AGENTHOST_ABI_MAJOR) + "." + std::to_string(AGENTHOST_ABI_MINOR)));
  const json::Value& echo = plugin["components"][0];
  EXPECT_THAT(keys_of(echo), ElementsAre("kind", "type", "description", "settings_schema", "thread_safe"));
  EXPECT_EQ(echo["kind"], json::Value("tool"));
  EXPECT_EQ(echo["type"], json::Value("echo"));
  EXPECT_EQ(echo["thread_safe"], json::Value(false));
  EXPECT_EQ(echo["settings_schema"]["properties"]["repeat"]["maximum"], json::Value(5));
  EXPECT_EQ(plugin["components"][4]["type"], json::Value("probe_parallel"));
  EXPECT_EQ(plugin["components"][4]["thread_safe"], json::Value(true));
  EXPECT_EQ(plugin["components"][2]["description"], json::Value("Streams the last user message back"));

  ASSERT_EQ(out["refused"].size(), 1u);
  EXPECT_THAT(keys_of(out["refused"][0]), ElementsAre("path", "reason"));
  EXPECT_EQ(out["refused"][0]["path"], json::Value(plugin_path("abi_major_2")));
  EXPECT_THAT(out["refused"][0]["reason"].as_string(), HasSubstr("built for ABI 2.x"));
}

TEST(CatalogJson, CompactTextIsWhatScriptsGrepFor) {
  const std::string text = json::dump(inspection_to_json(inspect(plugin_path("good"))));
  EXPECT_THAT(text, HasSubstr(R"("name":"good")"));
  EXPECT_THAT(text, HasSubstr(R"("kind":"tool","type":"echo")"));
}

TEST(CatalogJson, AnInspectedRefusalIsPathAndReason) {
  const json::Value out = inspection_to_json(inspect(plugin_path("no_entry")));
  EXPECT_THAT(keys_of(out), ElementsAre("path", "reason"));
  EXPECT_THAT(out["reason"].as_string(), HasSubstr("no entry symbol"));
}

TEST(CatalogText, ListsPluginsRefusalsAndTheDirectoriesSearched) {
  const PluginCatalog catalog = PluginCatalog::discover(
      {{testing::test_plugin_dir(), "AGENTHOST_PLUGIN_PATH"}, {"/nonexistent/plugins", "default"}});
  const std::string text = format_catalog(catalog);
  EXPECT_THAT(text, HasSubstr("PLUGIN"));
  EXPECT_THAT(text, HasSubstr("good"));
  EXPECT_THAT(text, HasSubstr("tool echo, tool services, backend echo_backend"));
  EXPECT_THAT(text, HasSubstr("refused:\n"));
  EXPECT_THAT(text, HasSubstr("  " + plugin_path("abi_major_2") + ": built for ABI 2.x"));
  EXPECT_THAT(text, HasSubstr("searched:\n  " + testing::test_plugin_dir() + " (AGENTHOST_PLUGIN_PATH)\n"));
  EXPECT_THAT(text, HasSubstr("  /nonexistent/plugins (default, missing)\n"));
}

TEST(CatalogText, AnEmptyCatalogSaysSo) {
  EXPECT_THAT(format_catalog(PluginCatalog::from_files({})), HasSubstr("no plugins loaded"));
}

TEST(CatalogText, OnePluginShowsEachComponentsSettings) {
  const std::string text = format_inspection(inspect(plugin_path("good")));
  EXPECT_THAT(text, HasSubstr("good 1.2.3 (ABI " + std::to_string(AGENTHOST_ABI_MAJOR) + "." + std::to_string(AGENTHOST_ABI_MINOR) + ")\n"));
  EXPECT_THAT(text, HasSubstr("  file: " + plugin_path("good") + "\n"));
  EXPECT_THAT(text, HasSubstr("  tool echo — Repeats its input\n"));
  EXPECT_THAT(text, HasSubstr("prefix"));
  EXPECT_THAT(text, HasSubstr("default \"\""));
  EXPECT_THAT(text, HasSubstr("put before every answer"));
  EXPECT_THAT(text, HasSubstr("repeat"));
  EXPECT_THAT(text, HasSubstr("  tool probe_parallel [thread-safe]\n      (no settings)\n"));
  EXPECT_THAT(format_inspection(inspect(plugin_path("no_entry"))),
              HasSubstr("refused: " + plugin_path("no_entry") + ": no entry"));
}

} // namespace
} // namespace agenthost::plugins
