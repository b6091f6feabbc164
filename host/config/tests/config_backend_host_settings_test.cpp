// The host's own keys of a [backend.NAME] section: parsed, validated, kept from the plugin.
#include "config/tests/test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::config {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::errors_of;
using testing::load;

TEST(BackendHostSettings, DefaultsWhenAbsent) {
  const LoadResult r = load("[backend.main]\nplugin = openai\n");
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  const BackendHostSettings& host = r.config.backends.at(0).host_settings;
  EXPECT_EQ(host.retries, 2);
  EXPECT_EQ(host.retry_max_wait_ms, 30000);
  EXPECT_EQ(host.first_token_timeout_ms, 120000);
  EXPECT_EQ(host.token_gap_timeout_ms, 60000);
  EXPECT_EQ(host.response_timeout_ms, 600000);
  EXPECT_EQ(host.fallback, "");
}

TEST(BackendHostSettings, ReadsEveryKeyAndKeepsThemFromThePlugin) {
  const LoadResult r = load("[backend.main]\n"
                            "plugin = openai\n"
                            "base_url = http://127.0.0.1:9000/v1\n"
                            "retries = 4\n"
                            "retry_max_wait_ms = 5000\n"
                            "first_token_timeout_ms = 1000\n"
                            "token_gap_timeout_ms = 0\n"
                            "response_timeout_ms = 90000\n"
                            "fallback = local\n"
                            "[backend.local]\n"
                            "plugin = ollama\n");
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  const InstanceConfig& main = r.config.backends.at(0);
  EXPECT_EQ(main.host_settings.retries, 4);
  EXPECT_EQ(main.host_settings.retry_max_wait_ms, 5000);
  EXPECT_EQ(main.host_settings.first_token_timeout_ms, 1000);
  EXPECT_EQ(main.host_settings.token_gap_timeout_ms, 0);
  EXPECT_EQ(main.host_settings.response_timeout_ms, 90000);
  EXPECT_EQ(main.host_settings.fallback, "local");
  EXPECT_EQ(main.host_settings.fallback_line, 9);
  ASSERT_EQ(main.settings.size(), 1u); // only the plugin's own key
  EXPECT_EQ(main.settings[0].key, "base_url");
}

TEST(BackendHostSettings, OtherKindsKeepSuchKeysForTheirPlugin) {
  const LoadResult r = load("[tool.web]\nplugin = fetch\nretries = 3\n");
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  ASSERT_EQ(r.config.tools.at(0).settings.size(), 1u);
  EXPECT_EQ(r.config.tools.at(0).settings[0].key, "retries");
}

TEST(BackendHostSettings, RejectsValuesOutOfRange) {
  const LoadResult r = load("[backend.main]\nplugin = openai\nretries = -1\nfirst_token_timeout_ms = soon\n");
  ASSERT_EQ(r.errors.size(), 2u) << errors_of(r);
  EXPECT_THAT(r.errors[0].format(), HasSubstr("test.conf:3: [backend.main] retries"));
  EXPECT_THAT(r.errors[1].format(), HasSubstr("test.conf:4: [backend.main] first_token_timeout_ms"));
}

TEST(BackendHostSettings, FallbackMustNameAnotherBackend) {
  const LoadResult r = load("[backend.main]\nplugin = openai\nfallback = nowhere\n[backend.local]\nplugin = ollama\n");
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_THAT(r.errors[0].format(), HasSubstr("test.conf:3: [backend.main] fallback: names no configured backend"));
  EXPECT_THAT(r.errors[0].format(), HasSubstr("other backends: local"));
}

TEST(BackendHostSettings, FallbackMustNotBeItself) {
  const LoadResult r = load("[backend.main]\nplugin = openai\nfallback = main\n");
  ASSERT_EQ(r.errors.size(), 1u) << errors_of(r);
  EXPECT_THAT(r.errors[0].format(), HasSubstr("cannot be its own fallback"));
}

TEST(BackendHostSettings, FallbacksMustNotFormACycle) {
  const LoadResult r = load("[backend.a]\nplugin = openai\nfallback = b\n"
                            "[backend.b]\nplugin = openai\nfallback = c\n"
                            "[backend.c]\nplugin = openai\nfallback = a\n");
  ASSERT_EQ(r.errors.size(), 3u) << errors_of(r); // one at each backend of the cycle
  EXPECT_THAT(r.errors[0].format(), HasSubstr("[backend.a] fallback: fallbacks form a cycle (a -> b -> c -> a)"));
}

TEST(BackendHostSettings, AChainWithoutACycleIsFine) {
  const LoadResult r = load("[backend.a]\nplugin = openai\nfallback = b\n"
                            "[backend.b]\nplugin = openai\nfallback = c\n"
                            "[backend.c]\nplugin = ollama\n");
  EXPECT_THAT(r.errors, IsEmpty()) << errors_of(r);
}

TEST(BackendHostSettings, TokenKeysDefaultWhenAbsent) {
  const LoadResult r = load("[backend.main]\nplugin = openai\n");
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  const BackendHostSettings& host = r.config.backends.at(0).host_settings;
  EXPECT_EQ(host.char_ratio, 4.0);
  EXPECT_THAT(host.model_char_ratios, IsEmpty());
  EXPECT_FALSE(host.context_window);
  EXPECT_THAT(host.model_context_windows, IsEmpty());
  EXPECT_EQ(host.safety_margin, 0.15); // from bench_context's estimate-error table
}

TEST(BackendHostSettings, ReadsTokenKeysWithDottedModelNamesAndKeepsThemFromThePlugin) {
  const LoadResult r = load("[backend.main]\n"
                            "plugin = ollama\n"
                            "char_ratio = 3.5\n"
                            "char_ratio.llama3.1 = 3.6\n"
                            "char_ratio.qwen2.5-coder = 2.9\n"
                            "char_ratio.qwen2.5:7b = 2.7\n"
                            "context_window = 8192\n"
                            "context_window.gpt-4o = 128000\n"
                            "safety_margin = 0.2\n"
                            "base_url = http://127.0.0.1:11434\n");
  ASSERT_THAT(r.errors, IsEmpty()) << errors_of(r);
  const InstanceConfig& main = r.config.backends.at(0);
  EXPECT_EQ(main.host_settings.char_ratio, 3.5);
  EXPECT_EQ(main.host_settings.model_char_ratios.at("llama3.1"), 3.6);
  EXPECT_EQ(main.host_settings.model_char_ratios.at("qwen2.5-coder"), 2.9);
  EXPECT_EQ(main.host_settings.model_char_ratios.at("qwen2.5:7b"), 2.7); // an Ollama tag, colon and all
  EXPECT_EQ(main.host_settings.context_window, 8192);
  EXPECT_EQ(main.host_settings.model_context_windows.at("gpt-4o"), 128000);
  EXPECT_EQ(main.host_settings.safety_margin, 0.2);
  ASSERT_EQ(main.settings.size(), 1u); // only the plugin's own key
  EXPECT_EQ(main.settings[0].key, "base_url");
}

TEST(BackendHostSettings, TokenKeyErrorsNameFileLineAndKey) {
  const LoadResult r = load("[backend.main]\n"
                            "plugin = openai\n"
                            "char_ratio = 0\n"
                            "char_ratio.llama3.1 = -2\n"
                            "context_window.gpt-4o = many\n"
                            "safety_margin = 0.9\n");
  ASSERT_EQ(r.errors.size(), 4u) << errors_of(r);
  EXPECT_THAT(r.errors[0].format(), HasSubstr("test.conf:3: [backend.main] char_ratio"));
  EXPECT_THAT(r.errors[0].format(), HasSubstr("out of range: expected a number from 0.5 to 20"));
  EXPECT_THAT(r.errors[1].format(), HasSubstr("test.conf:4: [backend.main] char_ratio.llama3.1"));
  EXPECT_THAT(r.errors[2].format(), HasSubstr("test.conf:5: [backend.main] context_window.gpt-4o"));
  EXPECT_THAT(r.errors[3].format(), HasSubstr("test.conf:6: [backend.main] safety_margin"));
}

} // namespace
} // namespace agenthost::config
