#include "config/interpolation.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

const EnvLookup env = fixed_environment({{"HOME_DIR", "/home/u"}, {"KEY", "sk-123"}, {"EMPTY", ""}});

TEST(Interpolation, ReplacesSetVariables) {
  const Interpolated r = interpolate_env("${HOME_DIR}/x and ${KEY}", env);
  EXPECT_THAT(r.errors, IsEmpty());
  EXPECT_EQ(r.value, "/home/u/x and sk-123");
}

TEST(Interpolation, LeavesTextWithoutReferencesAlone) {
  const Interpolated r = interpolate_env("costs $5, {braces} and a lone $", env);
  EXPECT_THAT(r.errors, IsEmpty());
  EXPECT_EQ(r.value, "costs $5, {braces} and a lone $");
}

TEST(Interpolation, MissingVariableIsAnErrorNamingIt) {
  const Interpolated r = interpolate_env("Bearer ${OPENAI_API_KEY}", env);
  ASSERT_THAT(r.errors, SizeIs(1));
  EXPECT_THAT(r.errors[0], HasSubstr("environment variable OPENAI_API_KEY is not set"));
  EXPECT_THAT(r.errors[0], HasSubstr("${OPENAI_API_KEY:-default}"));
}

TEST(Interpolation, ReportsEveryMissingVariable) {
  const Interpolated r = interpolate_env("${A}:${KEY}:${B}", env);
  ASSERT_THAT(r.errors, SizeIs(2));
  EXPECT_THAT(r.errors[0], HasSubstr(" A "));
  EXPECT_THAT(r.errors[1], HasSubstr(" B "));
}

TEST(Interpolation, DefaultIsUsedWhenUnsetOrEmpty) {
  EXPECT_EQ(interpolate_env("${MISSING:-fallback}", env).value, "fallback");
  EXPECT_EQ(interpolate_env("${EMPTY:-fallback}", env).value, "fallback");
  EXPECT_EQ(interpolate_env("${KEY:-fallback}", env).value, "sk-123");
  EXPECT_EQ(interpolate_env("${MISSING:-}", env).value, "");
  EXPECT_EQ(interpolate_env("${MISSING:-a:-b c}", env).value, "a:-b c");
  EXPECT_THAT(interpolate_env("${MISSING:-x}", env).errors, IsEmpty());
}

TEST(Interpolation, SetButEmptyWithoutDefaultIsEmpty) {
  const Interpolated r = interpolate_env("[${EMPTY}]", env);
  EXPECT_THAT(r.errors, IsEmpty());
  EXPECT_EQ(r.value, "[]");
}

TEST(Interpolation, DoubleDollarIsALiteral) {
  const Interpolated r = interpolate_env("$${KEY} and $${NOT_SET} then ${KEY}", env);
  EXPECT_THAT(r.errors, IsEmpty());
  EXPECT_EQ(r.value, "${KEY} and ${NOT_SET} then sk-123");
}

TEST(Interpolation, UnterminatedReferenceIsAnError) {
  const Interpolated r = interpolate_env("abc${KEY", env);
  ASSERT_THAT(r.errors, SizeIs(1));
  EXPECT_THAT(r.errors[0], HasSubstr("not closed"));
}

TEST(Interpolation, InvalidNamesAreErrorsThatDoNotEchoTheText) {
  for (const char* text : {"${}", "${1ABC}", "${sk-secret-part}", "${:-x}"}) {
    const Interpolated r = interpolate_env(text, env);
    ASSERT_THAT(r.errors, SizeIs(1)) << text;
    EXPECT_THAT(r.errors[0], HasSubstr("variable name")) << text;
    EXPECT_THAT(r.errors[0], Not(HasSubstr("secret-part")));
  }
}

TEST(Environment, FixedEnvironmentAnswersOnlyItsVariables) {
  EXPECT_EQ(env("KEY"), std::optional<std::string>("sk-123"));
  EXPECT_EQ(env("NOPE"), std::nullopt);
}

TEST(Environment, ProcessEnvironmentReadsGetenv) {
  // PATH is set in any environment the tests run in; a name this odd is not.
  EXPECT_TRUE(process_environment()("PATH").has_value());
  EXPECT_FALSE(process_environment()("AGENTHOST_CONFIG_TEST_SURELY_UNSET_9f3a").has_value());
}

} // namespace
} // namespace agenthost::config
