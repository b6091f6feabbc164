// summarization as the host sees it: the built plugin through the SDK's FakeHost, whose
// programmable complete_with_backend plays the summarizing backend and records its requests.
#include "agenthost/testing/strategy.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built summarization plugin"
#endif

namespace {

using namespace agenthost::testing::strategy;
using Ids = std::vector<std::string>;

// What the fake host's estimate and the request's overhead make of a summarizer request.
std::int64_t request_tokens(const Value& request) {
  std::int64_t tokens = 0;
  for (const Value& m : request["messages"].as_array())
    tokens += static_cast<std::int64_t>((m["content"].as_string().size() + 3) / 4) + 4;
  return tokens;
}

class SummarizationPlugin : public ::testing::Test {
protected:
  void SetUp() override {
    host.load(PLUGIN_PATH);
    host.complete = [this](std::string_view backend, const Value& request) {
      backends.emplace_back(backend);
      requests.push_back(request);
      return "S" + std::to_string(requests.size());
    };
  }

  // 1000-token budget, threshold 100, keep 2 recent messages, 10-token messages.
  Settings settings(Settings extra = {}) {
    Settings s = {{"backend", "small"}, {"max_tokens", "1000"}, {"reserve_output", "0"}, {"safety_margin", "0"},
             {"threshold_tokens", "100"}, {"keep_recent_messages", "2"}};
    for (auto& e : extra) {
      bool replaced = false;
      for (auto& existing : s)
        if (existing.first == e.first) existing.second = e.second, replaced = true;
      if (!replaced) s.push_back(e);
    }
    return s;
  }
  CallResult run(const Settings& ini, const std::vector<Value>& messages, const Value& state = Value()) {
    auto strategy = host.create("summarization", ini);
    RequestOptions o;
    o.state = state;
    return strategy.apply(agenthost::json::dump(request(messages, o)));
  }
  Value apply(const Settings& ini, const std::vector<Value>& messages, const Value& state = Value()) {
    const CallResult r = run(ini, messages, state);
    EXPECT_TRUE(r.ok()) << r.error;
    return r.ok() ? r.result_json() : Value::object({{"messages", Value::array()}, {"report", Value::object()}});
  }

  FakeHost host;
  std::vector<std::string> backends;
  std::vector<Value> requests;
};

// s, then u0 a0 u1 a1 ... (10 tokens each): 2n + 1 messages.
std::vector<Value> conversation(int exchanges) {
  std::vector<Value> m = {system_prompt("s")};
  for (int i = 0; i < exchanges; ++i) {
    m.push_back(user("u" + std::to_string(i)));
    m.push_back(assistant("a" + std::to_string(i)));
  }
  return m;
}

TEST_F(SummarizationPlugin, DescriptorAndSettingsValidation) {
  expect_strategy_descriptor(host, "summarization", /*thread_safe=*/false);
  EXPECT_NE(create_error(host, "summarization", {}).find("backend"), std::string::npos);
  EXPECT_NE(create_error(host, "summarization", {{"backend", "small"}, {"max_input_tokens", "100"}}).find("max_input_tokens"), std::string::npos);
  EXPECT_NE(create_error(host, "summarization", {{"backend", "small"}, {"max_input_tokens", "1000"}, {"summary_max_tokens", "600"}})
                .find("summary_max_tokens 600 is more than half of max_input_tokens 1000"),
            std::string::npos);
  EXPECT_EQ(create_error(host, "summarization", {{"backend", "small"}}), "(created)");
}

TEST_F(SummarizationPlugin, BelowTheThresholdNothingIsSummarized) {
  const Value out = apply(settings(), conversation(4)); // 90 tokens
  EXPECT_EQ(out["messages"].size(), 9u);
  EXPECT_TRUE(requests.empty());
  EXPECT_FALSE(out.contains("state"));
  EXPECT_EQ(out["report"]["summarized"], Value(0));
}

TEST_F(SummarizationPlugin, PastTheThresholdTheOldestPartBecomesOneSummaryAfterTheSystemPrompts) {
  const Value out = apply(settings(), conversation(6)); // 130 tokens
  EXPECT_EQ(ids(out), (Ids{"s", "<summary>", "u5", "a5"}));
  const Value& summary = out["messages"][1];
  EXPECT_EQ(summary["role"], Value("system"));
  EXPECT_EQ(summary["summary"], Value(true));
  EXPECT_NE(summary["content"].as_string().find("S1"), std::string::npos);
  EXPECT_EQ(summary["tokens"], Value(static_cast<std::int64_t>((summary["content"].as_string().size() + 3) / 4 + 4)));
  EXPECT_EQ(out["state"]["summary"], Value("S1"));
  EXPECT_EQ(out["state"]["covers_through"], Value("a4"));
  EXPECT_EQ(out["state"]["summary_tokens"], summary["tokens"]);
  EXPECT_EQ(out["report"]["summarized"], Value(10));
  EXPECT_EQ(out["report"]["kept"], Value(3));
  EXPECT_EQ(out["report"]["dropped"], Value(0));

  // One request to the configured backend: the agent's model, an instruction, the old messages.
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(backends[0], "small");
  const Value& r = requests[0];
  EXPECT_EQ(r["model"], Value("test-model"));
  EXPECT_EQ(r["params"]["max_tokens"], Value(512));
  ASSERT_EQ(r["messages"].size(), 2u);
  EXPECT_EQ(r["messages"][0]["role"], Value("system"));
  const std::string& text = r["messages"][1]["content"].as_string();
  EXPECT_NE(text.find("User: user u0"), std::string::npos) << text;
  EXPECT_NE(text.find("Assistant: assistant a4"), std::string::npos) << text;
  EXPECT_EQ(text.find("u5"), std::string::npos) << "recent messages are not summarized: " << text;
}

TEST_F(SummarizationPlugin, TheStoredSummaryIsReusedWithoutCallingTheSummarizer) {
  const Value first = apply(settings(), conversation(6));
  std::vector<Value> longer = conversation(7);
  const Value out = apply(settings(), longer, first["state"]);
  EXPECT_EQ(requests.size(), 1u) << "the second turn is below the threshold with the stored summary";
  EXPECT_EQ(ids(out), (Ids{"s", "<summary>", "u5", "a5", "u6", "a6"}));
  EXPECT_NE(out["messages"][1]["content"].as_string().find("S1"), std::string::npos);
  EXPECT_FALSE(out.contains("state")) << "an unchanged summary leaves the stored state alone";
  EXPECT_EQ(out["report"]["summarized"], Value(10));
}

TEST_F(SummarizationPlugin, LaterTurnsSummarizeOnlyTheNewOverflowIntoThePreviousSummary) {
  const Value first = apply(settings(), conversation(6));
  const Value out = apply(settings(), conversation(12), first["state"]);
  ASSERT_EQ(requests.size(), 2u);
  const std::string& text = requests[1]["messages"][1]["content"].as_string();
  EXPECT_NE(text.find("Summary so far:\nS1"), std::string::npos) << text;
  EXPECT_EQ(text.find("user u4"), std::string::npos) << "already summarized: " << text;
  EXPECT_NE(text.find("User: user u5"), std::string::npos) << text;
  EXPECT_NE(text.find("assistant a10"), std::string::npos) << text;
  EXPECT_EQ(ids(out), (Ids{"s", "<summary>", "u11", "a11"}));
  EXPECT_EQ(out["state"]["summary"], Value("S2"));
  EXPECT_EQ(out["state"]["covers_through"], Value("a10"));
  EXPECT_EQ(out["report"]["summarized"], Value(22));
}

TEST_F(SummarizationPlugin, OverflowLargerThanTheSummarizersBudgetIsFoldedInPieces) {
  // 60 messages of ~200 tokens each (800 bytes): ~12000 tokens against a 1000-token summarizer.
  std::vector<Value> m = {system_prompt("s")};
  for (int i = 0; i < 30; ++i) {
    m.push_back(user("u" + std::to_string(i), 200, std::string(800, 'a' + i % 26)));
    m.push_back(assistant("a" + std::to_string(i), 200, std::string(800, 'A' + i % 26)));
  }
  const Settings ini = settings({{"max_tokens", "100000"}, {"max_input_tokens", "1000"}, {"summary_max_tokens", "100"}});
  const Value out = apply(ini, m);
  ASSERT_GT(requests.size(), 10u);
  for (std::size_t k = 0; k < requests.size(); ++k) {
    EXPECT_LE(request_tokens(requests[k]), 1000) << "request " << k;
    if (k > 0) {
      EXPECT_NE(requests[k]["messages"][1]["content"].as_string().find("Summary so far:\nS" + std::to_string(k)),
                std::string::npos)
          << "request " << k << " carries the summary so far";
    }
  }
  EXPECT_EQ(out["state"]["summary"], Value("S" + std::to_string(requests.size())));
  EXPECT_EQ(ids(out), (Ids{"s", "<summary>", "u29", "a29"}));
}

TEST_F(SummarizationPlugin, AMessageLargerThanTheSummarizersBudgetIsSplitNotLost) {
  std::vector<Value> m = {system_prompt("s"), user("u0", 2500, std::string(10000, 'x') + "END"), assistant("a0"),
                          user("u1"), assistant("a1")};
  const Settings ini = settings({{"max_tokens", "100000"}, {"max_input_tokens", "1000"}, {"summary_max_tokens", "100"}});
  apply(ini, m);
  ASSERT_GE(requests.size(), 3u);
  std::size_t xs = 0;
  for (const Value& r : requests) {
    EXPECT_LE(request_tokens(r), 1000);
    const std::string& text = r["messages"][1]["content"].as_string();
    xs += static_cast<std::size_t>(std::count(text.begin(), text.end(), 'x'));
  }
  EXPECT_EQ(xs, 10000u) << "every character of the long message reached the summarizer once";
  EXPECT_NE(requests.back()["messages"][1]["content"].as_string().find("END"), std::string::npos);
}

TEST_F(SummarizationPlugin, ASummaryLongerThanSummaryMaxTokensIsCut) {
  host.complete = [](std::string_view, const Value&) { return std::string(4000, 'z'); };
  const Value out = apply(settings({{"summary_max_tokens", "50"}}), conversation(6));
  EXPECT_EQ(out["state"]["summary"].as_string().size(), 200u); // 50 tokens at the fake's 4 bytes each
}

TEST_F(SummarizationPlugin, WhenTheSummarizerFailsTheBudgetRuleAppliesWithAWarning) {
  host.complete = [](std::string_view, const Value&) -> std::string { throw std::runtime_error("model not loaded"); };
  const Value out = apply(settings({{"max_tokens", "60"}}), conversation(6));
  EXPECT_EQ(ids(out), (Ids{"s", "a3", "u4", "a4", "u5", "a5"})); // 60 tokens
  EXPECT_FALSE(out.contains("state"));
  ASSERT_EQ(out["report"]["warnings"].size(), 1u);
  EXPECT_EQ(out["report"]["warnings"][0],
            Value("summarization failed (model not loaded); older messages were dropped instead"));
  EXPECT_EQ(out["report"]["dropped"], Value(7));
}

TEST_F(SummarizationPlugin, AnEmptySummaryCountsAsAFailure) {
  host.complete = [](std::string_view, const Value&) { return std::string(" \n"); };
  const Value out = apply(settings(), conversation(6));
  ASSERT_EQ(out["report"]["warnings"].size(), 1u);
  EXPECT_NE(out["report"]["warnings"][0].as_string().find("empty summary"), std::string::npos);
}

TEST_F(SummarizationPlugin, AToolGroupIsNeverSplitBetweenSummaryAndRecentMessages) {
  // keep_recent_messages 2 would start the recent part on r2; the whole group goes to the summary.
  std::vector<Value> m = conversation(5);
  m.push_back(user("u5"));
  m.push_back(calls("c1", {"t1", "t2"}));
  m.push_back(result("r1", "t1"));
  m.push_back(result("r2", "t2"));
  m.push_back(assistant("a5"));
  m.push_back(user("u6"));
  const Value out = apply(settings(), m);
  EXPECT_EQ(ids(out), (Ids{"s", "<summary>", "a5", "u6"}));
  const std::string& text = requests.at(0)["messages"][1]["content"].as_string();
  EXPECT_NE(text.find("Assistant called lookup({\"q\":\"t2\"})"), std::string::npos) << text;
  EXPECT_NE(text.find("Tool lookup returned: tool r2"), std::string::npos) << text;
}

TEST_F(SummarizationPlugin, AStaleStateIsIgnoredWithAWarning) {
  const Value stale = Value::object({{"summary", "old"}, {"summary_tokens", 5}, {"covers_through", "gone"}});
  const Value out = apply(settings(), conversation(6), stale);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0]["messages"][1]["content"].as_string().find("old"), std::string::npos);
  EXPECT_NE(agenthost::json::dump(out["report"]["warnings"]).find("'gone', which is no longer in the conversation"),
            std::string::npos);
}

TEST_F(SummarizationPlugin, TheConfiguredModelIsUsedAndTheNewestUserMessageIsNeverSummarized) {
  // The turn in progress (after u5) is large: it stays, and the summary covers what is before u5.
  std::vector<Value> m = conversation(5);
  m.push_back(user("u5"));
  m.push_back(calls("c1", {"t1"}));
  m.push_back(result("r1", "t1", 50));
  const Value out = apply(settings({{"model", "tiny"}, {"keep_recent_messages", "0"}}), m);
  EXPECT_EQ(requests.at(0)["model"], Value("tiny"));
  EXPECT_EQ(ids(out), (Ids{"s", "<summary>", "u5", "c1", "r1"}));
  EXPECT_EQ(out["state"]["covers_through"], Value("a4"));
}

} // namespace
