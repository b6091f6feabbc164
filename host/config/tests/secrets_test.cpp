#include "config/postgres_url.hpp"
#include "config/secrets.hpp"
#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::config {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::errors_of;
using testing::load;

TEST(SecretKeys, AreRecognizedCaseInsensitively) {
  for (const char* key : {"api_key", "API_KEY", "token", "access_token", "client_secret", "Password", "db_password",
                          "keyfile"}) {
    EXPECT_TRUE(is_secret_key(key)) << key;
  }
  for (const char* key : {"api_token", "bearer_token", "tokenfile", "Token"}) {
    EXPECT_TRUE(is_secret_key(key)) << key;
  }
  for (const char* key : {"url", "model", "plugin", "timeout_ms", "base_url", "pass", "max_tokens", "token_delay_ms",
                          "reserve_output_tokens"}) {
    EXPECT_FALSE(is_secret_key(key)) << key;
  }
}

TEST(SecretKeys, DisplayedValueRedactsOnlySecrets) {
  EXPECT_EQ(displayed_value("api_key", "sk-123"), "***");
  EXPECT_EQ(displayed_value("model", "gpt-4o"), "gpt-4o");
}

TEST(SecretKeys, FormatsAnInstanceWithSecretsRedacted) {
  const LoadResult r = load("[backend.openai]\nplugin = openai\nbase_url = https://api.example\n"
                            "api_key = ${OPENAI_API_KEY}\n",
                            {{"OPENAI_API_KEY", "sk-live-abc"}});
  ASSERT_TRUE(r.errors.empty()) << errors_of(r);
  ASSERT_EQ(r.config.backends.size(), 1u);
  // The loaded value is the real secret; only what is shown is redacted.
  EXPECT_EQ(r.config.backends[0].settings[1].value, "sk-live-abc");
  EXPECT_EQ(format_instance_redacted(r.config.backends[0]),
            "[backend.openai]\nplugin = openai\nbase_url = https://api.example\napi_key = ***\n");
  EXPECT_EQ(format_settings_redacted(r.config.backends[0].settings),
            "base_url = https://api.example\napi_key = ***\n");
}

TEST(SecretKeys, TokenCountsAreNotSecretsSoTheirBadValuesAreShown) {
  // max_tokens counts tokens: the operator needs to see what was wrong with it.
  const LoadResult r = load("[backend.b]\nplugin = p\n[agent.a]\nbackend = b\nmodel = m\nmax_tokens = lots\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(errors_of(r), HasSubstr("max_tokens: expected an integer"));
  EXPECT_THAT(errors_of(r), HasSubstr("lots"));
}

TEST(SecretKeys, UnknownSecretKeyErrorsDoNotEchoTheValue) {
  const LoadResult r = load("[server]\napi_key = sk-live-xyz\n[agent.a]\nsecret = s3cr3t\n");
  EXPECT_THAT(errors_of(r), HasSubstr("[server] api_key: unknown key"));
  EXPECT_THAT(errors_of(r), Not(HasSubstr("sk-live-xyz")));
  EXPECT_THAT(errors_of(r), Not(HasSubstr("s3cr3t")));
}

TEST(SecretKeys, StoreUrlErrorsDoNotEchoTheUrl) {
  const LoadResult r = load("[store]\nurl = mysql://app:pw123@db/x\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_THAT(errors_of(r), HasSubstr("unsupported store URL"));
  EXPECT_THAT(errors_of(r), Not(HasSubstr("pw123")));
}

TEST(SecretKeys, RedactsUrlPasswords) {
  EXPECT_EQ(redact_url_password("postgresql://app:pw@db:5432/x"), "postgresql://app:***@db:5432/x");
  EXPECT_EQ(redact_url_password("postgresql://app@db/x"), "postgresql://app@db/x");
  EXPECT_EQ(redact_url_password("postgresql://db/x?u=a@b"), "postgresql://db/x?u=a@b");
  EXPECT_EQ(redact_url_password("sqlite:agenthost.db"), "sqlite:agenthost.db");
}

} // namespace
} // namespace agenthost::config
