// token_budget as the host sees it: the built plugin through the SDK's FakeHost. Each rule of
// the budget has a test; the invariants over generated conversations are in ../properties.
#include "agenthost/testing/strategy.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built token_budget plugin"
#endif

namespace {

using namespace agenthost::testing::strategy;
using Ids = std::vector<std::string>;

class TokenBudgetPlugin : public ::testing::Test {
protected:
  void SetUp() override { host.load(PLUGIN_PATH); }

  CallResult run(const Settings& settings, const std::vector<Value>& messages, const RequestOptions& options = {}) {
    auto budget = host.create("token_budget", settings);
    return budget.apply(agenthost::json::dump(request(messages, options)));
  }
  Value apply(const Settings& settings, const std::vector<Value>& messages, const RequestOptions& options = {}) {
    const CallResult r = run(settings, messages, options);
    EXPECT_TRUE(r.ok()) << r.error;
    return r.ok() ? r.result_json() : Value::object({{"messages", Value::array()}});
  }

  FakeHost host;
};

TEST_F(TokenBudgetPlugin, DescriptorDeclaresAThreadSafeStrategyWithAUsableSchema) {
  expect_strategy_descriptor(host, "token_budget", /*thread_safe=*/true);
}

TEST_F(TokenBudgetPlugin, SettingsAreValidatedAtCreate) {
  EXPECT_NE(create_error(host, "token_budget", {{"safety_margin", "0.6"}}).find("safety_margin"), std::string::npos);
  EXPECT_NE(create_error(host, "token_budget", {{"max_tokens", "0"}}).find("max_tokens"), std::string::npos);
  EXPECT_NE(create_error(host, "token_budget", {{"reserve_output", "-1"}}).find("reserve_output"), std::string::npos);
  EXPECT_NE(create_error(host, "token_budget", {{"budget", "10"}}).find("budget"), std::string::npos);
  EXPECT_NE(create_error(host, "token_budget", {{"max_tokens", "1000"}, {"reserve_output", "1000"}})
                .find("reserve_output 1000 leaves no room for input in max_tokens 1000"),
            std::string::npos);
}

TEST_F(TokenBudgetPlugin, WithoutMaxTokensOrAKnownContextWindowItSaysToSetMaxTokens) {
  const CallResult r = run({}, {user("u1")});
  EXPECT_EQ(r.status, AH_ERR_NOT_FOUND) << "a configuration gap, not a context overflow";
  EXPECT_NE(r.error.find("context window of model \"test-model\" on backend \"main\" is unknown"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("set max_tokens"), std::string::npos) << r.error;
}

TEST_F(TokenBudgetPlugin, DropsTheOldestFirstAndStopsAtTheFirstThatDoesNotFit) {
  // Budget 100: s (10) + u3 (30) + a2 (30) = 70; u2 (40) does not fit, so u1 (5) is dropped too
  // (a hole in the history would be worse than a shorter one).
  const Value out = apply({{"max_tokens", "100"}, {"reserve_output", "0"}},
                          {system_prompt("s", 10), user("u1", 5), user("u2", 40), assistant("a2", 30), user("u3", 30)});
  EXPECT_EQ(ids(out), (Ids{"s", "a2", "u3"}));
  EXPECT_EQ(out["report"]["tokens_before"], Value(115));
  EXPECT_EQ(out["report"]["tokens_after"], Value(70));
  EXPECT_EQ(out["report"]["dropped"], Value(2));
}

TEST_F(TokenBudgetPlugin, AToolGroupIsKeptOrDroppedWhole) {
  const std::vector<Value> messages = {user("u1", 10), calls("c1", {"t1", "t2"}, 10), result("r1", "t1", 20),
                                       result("r2", "t2", 20), assistant("a1", 10), user("u2", 10)};
  // 60 tokens: the group (50) does not fit beside a1 and u2 (20): dropped whole, not cut.
  EXPECT_EQ(ids(apply({{"max_tokens", "60"}, {"reserve_output", "0"}}, messages)), (Ids{"a1", "u2"}));
  EXPECT_EQ(ids(apply({{"max_tokens", "70"}, {"reserve_output", "0"}}, messages)), (Ids{"c1", "r1", "r2", "a1", "u2"}));
}

TEST_F(TokenBudgetPlugin, TheNewestMessageTooLargeFailsNamingTheSizes) {
  const CallResult r = run({{"max_tokens", "8192"}, {"reserve_output", "4096"}}, {user("u1", 10), user("u2", 9120)});
  EXPECT_EQ(r.status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(r.error, "the newest message needs 9120 tokens but the budget is 4096 (max_tokens 8192 - reserve_output "
                     "4096); shorten it or raise max_tokens");
  EXPECT_TRUE(r.of(AH_EVENT_RESULT).empty());
}

TEST_F(TokenBudgetPlugin, SystemPromptsCountTowardsTheNewestMessageError) {
  const CallResult r = run({{"max_tokens", "100"}, {"reserve_output", "0"}, {"safety_margin", "0.25"}},
                           {system_prompt("s", 50), user("u1", 40)});
  EXPECT_EQ(r.error, "the newest message needs 90 tokens (50 in system prompts) but the budget is 80 (max_tokens 100 - "
                     "reserve_output 0, less a 25% safety margin); shorten it or raise max_tokens");
}

TEST_F(TokenBudgetPlugin, DefaultsComeFromTheBackendsWindowAndTheAgentsMaxTokens) {
  std::vector<Value> messages;
  for (int i = 0; i < 20; ++i) messages.push_back(user("u" + std::to_string(i), 100));
  // Window 1000, no agent max_tokens: reserve min(1024, 1000/4) = 250, so 750 fit: 7 messages.
  RequestOptions window;
  window.context_window = 1000;
  EXPECT_EQ(apply({}, messages, window)["messages"].size(), 7u);
  // The agent's max_tokens 100 is below a quarter: reserve 100, 900 fit: 9 messages.
  window.max_output_tokens = 100;
  EXPECT_EQ(apply({}, messages, window)["messages"].size(), 9u);
  // The host's safety margin 0.5: 900 / 1.5 = 600: 6 messages; the setting overrides it.
  window.safety_margin = 0.5;
  EXPECT_EQ(apply({}, messages, window)["messages"].size(), 6u);
  EXPECT_EQ(apply({{"safety_margin", "0"}}, messages, window)["messages"].size(), 9u);
  // max_tokens overrides the window.
  EXPECT_EQ(apply({{"max_tokens", "2000"}, {"reserve_output", "0"}, {"safety_margin", "0"}}, messages, window)["messages"].size(), 20u);
}

TEST_F(TokenBudgetPlugin, DroppingPartOfTheTurnInProgressWarns) {
  const Value out = apply({{"max_tokens", "100"}, {"reserve_output", "0"}},
                          {user("u1", 10), calls("c1", {"t1"}, 10), result("r1", "t1", 60), calls("c2", {"t2"}, 10),
                           result("r2", "t2", 20)});
  EXPECT_EQ(ids(out), (Ids{"u1", "c2", "r2"}));
  ASSERT_EQ(out["report"]["warnings"].size(), 1u);
  EXPECT_NE(out["report"]["warnings"][0].as_string().find("dropped 2 messages of the turn in progress"), std::string::npos);
}

TEST_F(TokenBudgetPlugin, NoUserMessageKeepsSystemPromptsAndWhatFits) {
  const Value out = apply({{"max_tokens", "30"}, {"reserve_output", "0"}},
                          {system_prompt("s", 10), assistant("a1", 15), assistant("a2", 15)});
  EXPECT_EQ(ids(out), (Ids{"s", "a2"}));
}

} // namespace
