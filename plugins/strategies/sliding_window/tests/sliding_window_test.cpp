// sliding_window as the host sees it: the built plugin through the SDK's FakeHost. Each rule of
// the window has a test; the invariants over generated conversations are in ../properties.
#include "agenthost/testing/strategy.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built sliding_window plugin"
#endif

namespace {

using namespace agenthost::testing::strategy;
using Ids = std::vector<std::string>;

class SlidingWindowPlugin : public ::testing::Test {
protected:
  void SetUp() override { host.load(PLUGIN_PATH); }

  Value apply(const std::string& max_messages, const std::vector<Value>& messages) {
    auto window = host.create("sliding_window", {{"max_messages", max_messages}});
    const auto r = window.apply(agenthost::json::dump(request(messages)));
    EXPECT_TRUE(r.ok()) << r.error;
    return r.ok() ? r.result_json() : Value::object();
  }

  FakeHost host;
};

TEST_F(SlidingWindowPlugin, DescriptorDeclaresAThreadSafeStrategyWithAUsableSchema) {
  expect_strategy_descriptor(host, "sliding_window", /*thread_safe=*/true);
}

TEST_F(SlidingWindowPlugin, SettingsAreValidated) {
  try {
    host.create("sliding_window", {{"max_messages", "0"}});
    FAIL() << "max_messages 0 must be refused";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("max_messages"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(">= 1"), std::string::npos) << e.what();
  }
  EXPECT_THROW(host.create("sliding_window", {{"window", "3"}}), std::runtime_error);
  EXPECT_THROW(host.create("sliding_window", {{"max_messages", "many"}}), std::runtime_error);
}

TEST_F(SlidingWindowPlugin, DefaultKeepsTwentyMessages) {
  std::vector<Value> messages;
  for (int i = 0; i < 30; ++i) messages.push_back(i % 2 ? assistant("m" + std::to_string(i)) : user("m" + std::to_string(i)));
  auto window = host.create("sliding_window");
  const Value out = window.apply(agenthost::json::dump(request(messages))).result_json();
  EXPECT_EQ(out["messages"].size(), 20u);
  EXPECT_EQ(out["report"]["dropped"], Value(10));
}

TEST_F(SlidingWindowPlugin, KeepsTheNewestMessagesAndEverySystemPromptFirst) {
  const Value out = apply("3", {system_prompt("s1"), system_prompt("s2"), user("u1"), assistant("a1"), user("u2"), assistant("a2"),
                                user("u3")});
  EXPECT_EQ(ids(out), (Ids{"s1", "s2", "u2", "a2", "u3"}));
  const Value& report = out["report"];
  EXPECT_EQ(report["strategy"], Value("sliding_window"));
  EXPECT_EQ(report["kept"], Value(5));
  EXPECT_EQ(report["dropped"], Value(2));
  EXPECT_EQ(report["summarized"], Value(0));
  EXPECT_EQ(report["tokens_before"], Value(70));
  EXPECT_EQ(report["tokens_after"], Value(50));
  EXPECT_FALSE(out.contains("state")) << "a stateless strategy leaves the stored state alone";
}

TEST_F(SlidingWindowPlugin, AWindowEdgeInsideAToolGroupDropsTheWholeGroup) {
  // The newest 3 would start on result r2: the group (call + 2 results) is dropped whole instead.
  const Value out = apply("3", {user("u1"), calls("c1", {"t1", "t2"}), result("r1", "t1"), result("r2", "t2"),
                                assistant("a1"), user("u2")});
  EXPECT_EQ(ids(out), (Ids{"a1", "u2"}));
}

TEST_F(SlidingWindowPlugin, AGroupThatFitsIsKeptWhole) {
  const Value out = apply("5", {user("u1"), calls("c1", {"t1", "t2"}), result("r1", "t1"), result("r2", "t2"),
                                assistant("a1"), user("u2")});
  EXPECT_EQ(ids(out), (Ids{"c1", "r1", "r2", "a1", "u2"}));
}

TEST_F(SlidingWindowPlugin, TheTurnInProgressIsKeptEvenBeyondTheLimit) {
  // After the newest user message the model called tools twice; without those results it would
  // call them again, so they stay even though they exceed max_messages.
  const Value out = apply("2", {user("u1"), assistant("a1"), user("u2"), calls("c1", {"t1"}), result("r1", "t1"),
                                calls("c2", {"t2", "t3"}), result("r2", "t2"), result("r3", "t3")});
  EXPECT_EQ(ids(out), (Ids{"u2", "c1", "r1", "c2", "r2", "r3"}));
}

TEST_F(SlidingWindowPlugin, TheNewestUserMessageIsAlwaysKept) {
  const Value out = apply("1", {user("u1"), assistant("a1"), user("u2"), assistant("a2")});
  EXPECT_EQ(ids(out), (Ids{"u2", "a2"}));
}

TEST_F(SlidingWindowPlugin, UnsendableToolMessagesAreDroppedWithAWarning) {
  // r0 answers no call; c1's second result is missing: neither may reach the model.
  const Value out = apply("10", {result("r0", "nope"), user("u1"), calls("c1", {"t1", "t2"}), result("r1", "t1"),
                                 assistant("a1"), user("u2")});
  EXPECT_EQ(ids(out), (Ids{"u1", "a1", "u2"}));
  ASSERT_EQ(out["report"]["warnings"].size(), 1u);
  EXPECT_NE(out["report"]["warnings"][0].as_string().find("dropped 3 tool messages"), std::string::npos)
      << agenthost::json::dump(out["report"]);
}

TEST_F(SlidingWindowPlugin, MalformedRequestsFailWithInvalidArgument) {
  auto window = host.create("sliding_window");
  const auto no_messages = window.apply(R"({"budget":{}})");
  EXPECT_EQ(no_messages.status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_NE(no_messages.error.find("\"messages\""), std::string::npos) << no_messages.error;
  const auto bad_role = window.apply(R"({"messages":[{"role":"robot","content":"x","tokens":1}]})");
  EXPECT_EQ(bad_role.status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_NE(bad_role.error.find("\"robot\""), std::string::npos) << bad_role.error;
}

TEST_F(SlidingWindowPlugin, MessagesWithoutTokensAreEstimated) {
  auto window = host.create("sliding_window");
  const auto r = window.apply(R"({"messages":[{"role":"user","content":"12345678"}],"estimator":{"message_overhead":4}})");
  ASSERT_TRUE(r.ok()) << r.error;
  // The fake host estimates (bytes + 3) / 4 = 2, plus the overhead.
  EXPECT_EQ(r.result_json()["report"]["tokens_before"], Value(6));
}

} // namespace
