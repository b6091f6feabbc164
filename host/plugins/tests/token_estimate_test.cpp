// The configurable token estimate: ceil(code points / char_ratio), tool-call framing, the
// ratio chosen per backend and model, and the estimate_tokens host service using it.
#include "plugins/token_estimate.hpp"

#include "plugins/abi_handles.hpp"
#include "plugins/host_services.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace agenthost::plugins {
namespace {

using testing::plugin_path;

TEST(TokenEstimate, CountsCodePointsDividedByTheRatioRoundedUp) {
  EXPECT_EQ(estimate_tokens(""), 0);
  EXPECT_EQ(estimate_tokens("abcdefgh"), 2);
  EXPECT_EQ(estimate_tokens("abcdefghi"), 3);
  EXPECT_EQ(estimate_tokens("ééééé"), 2) << "characters, not bytes";
  EXPECT_EQ(estimate_tokens("日本語の文章", 1.5), 4) << "6 code points / 1.5";
  EXPECT_EQ(estimate_tokens("abcdefghi", 3.6), 3) << "9 / 3.6 = 2.5, rounded up";
  EXPECT_EQ(estimate_tokens("abcd", 0), 1) << "a ratio <= 0 falls back to the default";
}

TEST(TokenEstimate, ToolCallsCostTheirNameArgumentsAndFraming) {
  EXPECT_EQ(estimate_message_tokens("abcd", {}, 4), 1);
  // "calc" 1 + {"x":1} (7 chars) 2 + framing 3, on top of the content.
  EXPECT_EQ(estimate_message_tokens("abcd", {{"calc", R"({"x":1})"}}, 4), 1 + 1 + 2 + kToolCallFramingTokens);
  EXPECT_EQ(estimate_message_tokens("", {{"a", ""}, {"b", ""}}, 4), 2 * (1 + kToolCallFramingTokens));
}

TokenEstimator sample_estimator() {
  BackendCharRatios local;
  local.char_ratio = 3.5;
  local.per_model = {{"llama3.1", 2.0}};
  BackendCharRatios cloud;
  cloud.per_model = {{"gpt-4o", 5.0}};
  return TokenEstimator({{"local", local}, {"cloud", cloud}});
}

TEST(TokenEstimator, ABackendsModelRatioBeatsItsOwnRatioWhichBeatsTheDefault) {
  const TokenEstimator estimator = sample_estimator();
  EXPECT_EQ(estimator.ratio_for("local", "llama3.1"), 2.0);
  EXPECT_EQ(estimator.ratio_for("local", "mistral"), 3.5);
  EXPECT_EQ(estimator.ratio_for("cloud", "gpt-4o"), 5.0);
  EXPECT_EQ(estimator.ratio_for("cloud", "gpt-4o-mini"), kDefaultCharRatio) << "model names match exactly";
}

TEST(TokenEstimator, NonBackendsGetAModelRatioAnyBackendConfiguresElseTheDefault) {
  const TokenEstimator estimator = sample_estimator();
  EXPECT_EQ(estimator.ratio_for_model("llama3.1"), 2.0);
  EXPECT_EQ(estimator.ratio_for_model("gpt-4o"), 5.0);
  EXPECT_EQ(estimator.ratio_for_model("mistral"), kDefaultCharRatio);
  EXPECT_EQ(estimator.ratio_for_model(""), kDefaultCharRatio);
}

// The host service as a plugin calls it, with the calling instance's handle.
class EstimateService : public ::testing::Test {
protected:
  ~EstimateService() override { install_token_estimator(nullptr); } // the defaults, for other tests

  std::int64_t estimate(Instance& caller, std::string_view model, std::string_view text) {
    ah_instance handle{&caller, &fixture.services, nullptr};
    return fixture.services.table()->estimate_tokens(&handle, ah_str{model.data(), model.size()},
                                                     ah_str{text.data(), text.size()});
  }

  PluginCatalog catalog = PluginCatalog::from_files({plugin_path("good")});
  testing::ServicesFixture fixture;
  std::unique_ptr<Instance> backend = testing::create_instance(catalog, fixture.services, "echo_backend", "local");
  std::unique_ptr<Instance> tool = testing::create_instance(catalog, fixture.services, "services", "svc");
};

TEST_F(EstimateService, UsesTheDefaultRatioUntilOneIsInstalled) {
  EXPECT_EQ(estimate(*backend, "llama3.1", "abcdefgh"), 2);
}

TEST_F(EstimateService, ABackendGetsItsOwnRatioAndOthersTheModelsRatio) {
  install_token_estimator(std::make_shared<const TokenEstimator>(sample_estimator()));
  EXPECT_EQ(estimate(*backend, "llama3.1", "abcdefgh"), 4) << "backend 'local', model ratio 2";
  EXPECT_EQ(estimate(*backend, "mistral", "abcdefgh"), 3) << "backend 'local' ratio 3.5";
  EXPECT_EQ(estimate(*tool, "gpt-4o", "abcdefghij"), 2) << "a tool asking about gpt-4o: ratio 5";
  EXPECT_EQ(estimate(*tool, "", "abcdefgh"), 2) << "no model: the default ratio";
}

} // namespace
} // namespace agenthost::plugins
