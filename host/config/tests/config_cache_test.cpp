// The host's cache keys of every component section: defaults, values, errors, kept from the plugin.
#include "config/tests/test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::config {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::errors_of;
using testing::load;

TEST(CacheSetting, DefaultsWhenAbsent) {
  const LoadResult r = load("[tool.web]\nplugin = web_fetch\n");
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  const CacheConfig& cache = r.config.tools.at(0).cache;
  EXPECT_TRUE(cache.enabled);
  EXPECT_EQ(cache.ttl_seconds, 3600);
  EXPECT_EQ(cache.max_entries, 10000u);
  EXPECT_EQ(cache.max_bytes, 67108864u);
  EXPECT_EQ(cache.line, 0);
}

TEST(CacheSetting, ReadsEveryKeyInEveryKindAndKeepsThemFromThePlugin) {
  const LoadResult r = load("[tool.web]\n"
                            "plugin = web_fetch\n"
                            "max_tokens = 100\n"
                            "cache_ttl = 60\n"
                            "cache_max_entries = 5\n"
                            "cache_max_bytes = 2 MiB\n"
                            "cache = on\n"
                            "[backend.main]\nplugin = openai\ncache = off\n"
                            "[strategy.sum]\nplugin = summarization\ncache_ttl = 7\n"
                            "[cleaning.html_to_text]\ncache_max_entries = 3\n");
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  const InstanceConfig& web = r.config.tools.at(0);
  EXPECT_TRUE(web.cache.enabled);
  EXPECT_EQ(web.cache.ttl_seconds, 60);
  EXPECT_EQ(web.cache.max_entries, 5u);
  EXPECT_EQ(web.cache.max_bytes, 2u * 1024 * 1024);
  EXPECT_EQ(web.cache.line, 4);
  ASSERT_EQ(web.settings.size(), 1u) << "only the plugin's own key reaches it";
  EXPECT_EQ(web.settings[0].key, "max_tokens");

  EXPECT_FALSE(r.config.backends.at(0).cache.enabled);
  EXPECT_TRUE(r.config.backends.at(0).settings.empty());
  EXPECT_EQ(r.config.strategies.at(0).cache.ttl_seconds, 7);
  EXPECT_TRUE(r.config.strategies.at(0).settings.empty());
  EXPECT_EQ(r.config.cleaners.at(0).cache.max_entries, 3u);
  EXPECT_TRUE(r.config.cleaners.at(0).settings.empty());
}

TEST(CacheSetting, BadValuesNameFileLineAndKey) {
  const LoadResult r = load("[tool.web]\n"
                            "plugin = web_fetch\n"
                            "cache = maybe\n"
                            "cache_ttl = 0\n"
                            "cache_max_entries = many\n"
                            "cache_max_bytes = -1\n");
  ASSERT_EQ(r.errors.size(), 4u) << errors_of(r);
  EXPECT_THAT(r.errors[0].format(), HasSubstr("test.conf:3: [tool.web] cache: expected `on` or `off`"));
  EXPECT_THAT(r.errors[1].format(), HasSubstr("test.conf:4: [tool.web] cache_ttl"));
  EXPECT_THAT(r.errors[2].format(), HasSubstr("test.conf:5: [tool.web] cache_max_entries"));
  EXPECT_THAT(r.errors[3].format(), HasSubstr("test.conf:6: [tool.web] cache_max_bytes"));
  const CacheConfig& cache = r.config.tools.at(0).cache;
  EXPECT_TRUE(cache.enabled) << "a wrong value keeps the default";
  EXPECT_EQ(cache.ttl_seconds, 3600);
  EXPECT_TRUE(r.config.tools.at(0).settings.empty()) << "a wrong host key is still the host's";
}

} // namespace
} // namespace agenthost::config
