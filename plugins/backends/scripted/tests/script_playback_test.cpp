// Playing scripts: choosing a reply, streaming text and tool calls, the follow-up after tool
// results, scripted usage, finish reasons, failures and pauses.
#include "test_support.hpp"

#include <gmock/gmock.h>

#include <chrono>

namespace scripted_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace json = agenthost::json;

// A two-step tool turn: the first response calls the calculator, the follow-up uses its result.
constexpr const char* kToolScript = R"({"replies": [
  {"match": "calculate", "steps": [
      {"text": "Let me compute that."},
      {"tool_call": {"name": "calculator", "arguments": {"expression": "(1+2)*3", "precision": 2}}}],
   "then": [{"text": "The answer is 9."}]},
  {"match": "two tools", "steps": [
      {"tool_call": {"name": "calculator", "arguments": {"expression": "6*7"}}},
      {"tool_call": {"name": "clock", "arguments": {}, "id": "fixed-id"}},
      {"tool_call": {"name": "calculator", "arguments": {"expression": "é"}}}],
   "then": [{"tool_call": {"name": "clock"}}]},
  {"match": "no follow-up", "steps": [{"tool_call": {"name": "calculator", "arguments": {"expression": "1"}}}]}
]})";

// The argument fragments streamed for the call at `index`, concatenated.
std::string streamed_arguments(const CallResult& r, int index) {
  std::string out;
  for (const Event& e : r.of(AH_EVENT_TOOL_CALL_DELTA))
    if (e.index == index) out += e.arguments;
  return out;
}

TEST_F(ScriptedTest, ScriptedTextAndAToolCallStreamAsDeltasThenTheCompleteCall) {
  auto backend = create_scripted(kToolScript);
  const CallResult r = backend.chat(ask("Please CALCULATE (1+2)*3"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text(), "Let me compute that.");

  const auto deltas = r.of(AH_EVENT_TOOL_CALL_DELTA);
  ASSERT_GE(deltas.size(), 2u); // the arguments are long enough to come in several fragments
  EXPECT_EQ(deltas[0].id, "call_1");
  EXPECT_EQ(deltas[0].name, "calculator");
  for (std::size_t i = 1; i < deltas.size(); ++i) {
    EXPECT_EQ(deltas[i].index, 0);
    EXPECT_TRUE(deltas[i].id.empty() && deltas[i].name.empty()) << "only the first delta names the call";
  }
  const auto calls = r.of(AH_EVENT_TOOL_CALL);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].index, 0);
  EXPECT_EQ(calls[0].id, "call_1");
  EXPECT_EQ(calls[0].name, "calculator");
  EXPECT_EQ(json::parse(calls[0].arguments), json::parse(R"({"expression": "(1+2)*3", "precision": 2})"));
  EXPECT_EQ(streamed_arguments(r, 0), calls[0].arguments);

  // Output counts every delta: 4 words plus the argument fragments.
  EXPECT_EQ(r.of(AH_EVENT_USAGE).at(0).output_tokens, static_cast<int64_t>(4 + deltas.size()));
  EXPECT_THAT(texts_of(r, AH_EVENT_FINISH), ElementsAre("tool_calls"));
  EXPECT_EQ(r.events.back().type, AH_EVENT_FINISH);
}

TEST_F(ScriptedTest, SeveralToolCallsInOneResponseGetTheirOwnIndexAndId) {
  auto backend = create_scripted(kToolScript);
  const CallResult r = backend.chat(ask("use two tools"));
  ASSERT_TRUE(r.ok()) << r.error;
  const auto calls = r.of(AH_EVENT_TOOL_CALL);
  ASSERT_EQ(calls.size(), 3u);
  EXPECT_EQ(calls[0].index, 0);
  EXPECT_EQ(calls[0].id, "call_1");
  EXPECT_EQ(calls[1].index, 1);
  EXPECT_EQ(calls[1].id, "fixed-id");
  EXPECT_EQ(calls[1].name, "clock");
  EXPECT_EQ(calls[1].arguments, "{}");
  EXPECT_EQ(calls[2].index, 2);
  EXPECT_EQ(calls[2].id, "call_3");
  for (const Event& call : calls) {
    EXPECT_TRUE(json::parse(call.arguments).is_object()) << call.arguments;
    EXPECT_EQ(streamed_arguments(r, call.index), call.arguments);
  }
  EXPECT_EQ(json::parse(calls[2].arguments)["expression"], json::Value("é")); // not split inside a character
  EXPECT_THAT(texts_of(r, AH_EVENT_FINISH), ElementsAre("tool_calls"));
}

TEST_F(ScriptedTest, ToolResultsBringTheThenStepsOfTheReplyThatCalledTheTool) {
  auto backend = create_scripted(kToolScript);
  const CallResult r = backend.chat(request({message("user", "calculate (1+2)*3"),
                                             assistant_calling({{"call_1", "calculator", R"({"expression":"(1+2)*3"})"}}),
                                             tool_result("call_1", "calculator", "9")}));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text(), "The answer is 9.");
  EXPECT_TRUE(r.of(AH_EVENT_TOOL_CALL).empty());
  EXPECT_THAT(texts_of(r, AH_EVENT_FINISH), ElementsAre("stop"));
}

TEST_F(ScriptedTest, GeneratedIdsContinueAfterTheCallsAlreadyInTheConversation) {
  auto backend = create_scripted(kToolScript);
  const CallResult r = backend.chat(request({message("user", "use two tools"),
                                             assistant_calling({{"call_1", "calculator", "{}"}, {"fixed-id", "clock", "{}"},
                                                                {"call_3", "calculator", "{}"}}),
                                             tool_result("call_1", "calculator", "42"), tool_result("fixed-id", "clock", "noon"),
                                             tool_result("call_3", "calculator", "1")}));
  ASSERT_TRUE(r.ok()) << r.error;
  const auto calls = r.of(AH_EVENT_TOOL_CALL);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].id, "call_4");
  EXPECT_EQ(calls[0].name, "clock");
  EXPECT_EQ(calls[0].arguments, "{}");
}

TEST_F(ScriptedTest, ToolResultsForAReplyWithoutThenAreReportedAsText) {
  auto backend = create_scripted(kToolScript);
  const CallResult r = backend.chat(request({message("user", "no follow-up please"),
                                             assistant_calling({{"call_1", "calculator", "{}"}}),
                                             tool_result("call_1", "calculator", "1")}));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text(), "calculator: 1");
  EXPECT_THAT(texts_of(r, AH_EVENT_FINISH), ElementsAre("stop"));
}

TEST_F(ScriptedTest, TheFirstMatchingReplyWinsAndTheDefaultCatchesTheRest) {
  auto backend = create_scripted(R"({"replies": [
    {"match": "weather", "steps": [{"text": "sunny"}]},
    {"match": "WEATHER report", "steps": [{"text": "never chosen: the reply above matches first"}]},
    {"regex": "^order #[0-9]+$", "steps": [{"text": "order found"}]},
    {"steps": [{"text": "default"}]}
  ]})");
  EXPECT_EQ(backend.chat(ask("What's the Weather report?")).text(), "sunny");
  EXPECT_EQ(backend.chat(ask("ORDER #1234")).text(), "order found");
  EXPECT_EQ(backend.chat(ask("order #12x")).text(), "default");
  EXPECT_EQ(backend.chat(request({})).text(), "default");
}

TEST_F(ScriptedTest, ARegexLooksOnlyAtTheStartOfAHugeMessage) {
  auto backend = create_scripted(R"({"replies": [{"regex": "(a|b)*z", "steps": [{"text": "found z"}]}]})");
  EXPECT_EQ(backend.chat(ask(std::string(1000, 'a') + "z")).text(), "found z");
  // Far beyond the 2 KiB window: no match (and no stack exhaustion in the matcher).
  const std::string huge = std::string(200000, 'a') + "z";
  EXPECT_EQ(backend.chat(ask(huge)).text(), huge);
}

TEST_F(ScriptedTest, AMessageNoReplyMatchesIsEchoed) {
  auto backend = create_scripted(R"({"replies": [{"match": "ping", "steps": [{"text": "pong"}]}]})");
  EXPECT_EQ(backend.chat(ask("ping")).text(), "pong");
  EXPECT_EQ(backend.chat(ask("something else")).text(), "something else");
}

TEST_F(ScriptedTest, MatchingLooksAtTheLastUserMessageOnly) {
  auto backend = create_scripted(R"({"replies": [{"match": "ping", "steps": [{"text": "pong"}]}]})");
  const CallResult r = backend.chat(
      request({message("user", "ping"), message("assistant", "pong"), message("user", "thanks"), message("system", "ping")}));
  EXPECT_EQ(r.text(), "thanks");
}

TEST_F(ScriptedTest, AScriptedErrorFailsTheCallAfterWhatCameBefore) {
  auto backend = create_scripted(R"js({"replies": [{"steps": [
    {"text": "partial answer"},
    {"error": {"status": "unavailable", "message": "upstream went away (simulated)"}}
  ]}]})js");
  const CallResult r = backend.chat(ask("anything"));
  EXPECT_EQ(r.status, AH_ERR_UNAVAILABLE);
  EXPECT_EQ(r.error_status, AH_ERR_UNAVAILABLE);
  EXPECT_EQ(r.error, "upstream went away (simulated)");
  EXPECT_EQ(r.text(), "partial answer");
  EXPECT_TRUE(r.of(AH_EVENT_FINISH).empty());
  EXPECT_TRUE(r.of(AH_EVENT_USAGE).empty());
}

TEST_F(ScriptedTest, EveryErrorStatusNameMapsToItsCode) {
  const std::pair<const char*, ah_status> statuses[] = {
      {"invalid_argument", AH_ERR_INVALID_ARGUMENT}, {"not_found", AH_ERR_NOT_FOUND}, {"unsupported", AH_ERR_UNSUPPORTED},
      {"timeout", AH_ERR_TIMEOUT}, {"unavailable", AH_ERR_UNAVAILABLE}, {"permission", AH_ERR_PERMISSION},
      {"rate_limited", AH_ERR_RATE_LIMITED}, {"too_large", AH_ERR_TOO_LARGE}, {"upstream", AH_ERR_UPSTREAM},
      {"internal", AH_ERR_INTERNAL}};
  for (const auto& [name, status] : statuses) {
    auto backend = create_scripted(std::string(R"({"replies": [{"steps": [{"error": {"status": ")") + name +
                                   R"(", "message": "simulated"}}]}]})");
    EXPECT_EQ(backend.chat(ask("x")).status, status) << name;
  }
}

TEST_F(ScriptedTest, AUsageStepReplacesTheComputedCountsAndFillsInMissingOnes) {
  auto backend = create_scripted(R"({"replies": [
    {"match": "both", "steps": [{"text": "a b"}, {"usage": {"input": 100, "output": 7}}]},
    {"match": "partial", "steps": [{"text": "a b c"}, {"usage": {"input": 50}}]}
  ]})");
  const CallResult both = backend.chat(ask("both"));
  ASSERT_EQ(both.of(AH_EVENT_USAGE).size(), 1u);
  EXPECT_EQ(both.of(AH_EVENT_USAGE)[0].input_tokens, 100);
  EXPECT_EQ(both.of(AH_EVENT_USAGE)[0].output_tokens, 7);
  const CallResult partial = backend.chat(ask("partial"));
  ASSERT_EQ(partial.of(AH_EVENT_USAGE).size(), 1u);
  EXPECT_EQ(partial.of(AH_EVENT_USAGE)[0].input_tokens, 50);
  EXPECT_EQ(partial.of(AH_EVENT_USAGE)[0].output_tokens, 3);
}

TEST_F(ScriptedTest, AFinishStepEndsTheResponseWithItsReason) {
  auto backend = create_scripted(R"({"replies": [{"steps": [{"text": "I cannot"}, {"finish": "content_filter"}]}]})");
  const CallResult r = backend.chat(ask("x"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_THAT(texts_of(r, AH_EVENT_FINISH), ElementsAre("content_filter"));
  EXPECT_EQ(r.of(AH_EVENT_USAGE).size(), 1u);
  EXPECT_EQ(r.events.back().type, AH_EVENT_FINISH);
}

TEST_F(ScriptedTest, ReasoningStreamsApartFromTheReply) {
  auto backend = create_scripted(R"({"replies": [{"steps": [{"reasoning": "think hard"}, {"text": "done"}]}]})");
  const CallResult r = backend.chat(ask("x"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_THAT(texts_of(r, AH_EVENT_REASONING_DELTA), ElementsAre("think", " hard"));
  EXPECT_EQ(r.text(), "done");
}

TEST_F(ScriptedTest, RawStringArgumentsAreEmittedVerbatimEvenWhenBroken) {
  auto backend = create_scripted(R"({"replies": [{"steps": [{"tool_call": {"name": "calculator", "arguments": "{\"expression\": "}}]}]})");
  const CallResult r = backend.chat(ask("x"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.of(AH_EVENT_TOOL_CALL).at(0).arguments, "{\"expression\": ");
}

TEST_F(ScriptedTest, StepDelaysAndPausesAreHonoured) {
  auto backend = create_scripted(R"({"replies": [{"steps": [
    {"text": "a b c", "delay_ms": 15}, {"pause_ms": 40}, {"text": "d"}
  ]}]})");
  const auto start = std::chrono::steady_clock::now();
  const CallResult r = backend.chat(ask("x"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text(), "a b cd");
  // Lower bound only: two 15 ms gaps and the 40 ms pause (the last token's delay is 0).
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(70));
}

TEST_F(ScriptedTest, MaxTokensNeverCompletesACallCutOffMidArguments) {
  auto backend = create_scripted(kToolScript);
  ChatRequest req = ask("calculate");
  req.params.set("max_tokens", 5); // 4 words, then one argument fragment
  const CallResult r = backend.chat(req);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.of(AH_EVENT_TOOL_CALL_DELTA).size(), 1u);
  EXPECT_TRUE(r.of(AH_EVENT_TOOL_CALL).empty());
  EXPECT_THAT(texts_of(r, AH_EVENT_FINISH), ElementsAre("length"));
}

TEST_F(ScriptedTest, ARelativeScriptPathResolvesAgainstTheConfigDirectory) {
  write_file("relative.json", R"({"replies": [{"steps": [{"text": "from the relative script"}]}]})");
  auto backend = create({{"script", "relative.json"}, {"token_delay_ms", "0"}}, dir_);
  EXPECT_EQ(backend.chat(ask("x")).text(), "from the relative script");
}

TEST_F(ScriptedTest, ABareArrayOfRepliesIsAScriptToo) {
  auto backend = create_scripted(R"([{"steps": [{"text": "short form"}]}])");
  EXPECT_EQ(backend.chat(ask("x")).text(), "short form");
  EXPECT_EQ(backend.list_models().result_json()[0]["name"], json::Value("demo"));
}

TEST_F(ScriptedTest, TheDocumentedExamplePlaysATwoStepToolTurn) {
  auto backend = create({{"script", SCRIPTED_EXAMPLES_DIR "/tool_turn.json"}, {"token_delay_ms", "0"}});
  const CallResult first = backend.chat(ask("Please calculate (17 + 4) * 2"));
  ASSERT_TRUE(first.ok()) << first.error;
  const auto calls = first.of(AH_EVENT_TOOL_CALL);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].name, "calculator");
  EXPECT_EQ(json::parse(calls[0].arguments), json::parse(R"({"expression": "(17 + 4) * 2"})"));

  const CallResult second = backend.chat(request({message("user", "Please calculate (17 + 4) * 2"),
                                                  assistant_calling({{calls[0].id, calls[0].name, calls[0].arguments}}),
                                                  tool_result(calls[0].id, "calculator", "42")}));
  ASSERT_TRUE(second.ok()) << second.error;
  EXPECT_EQ(second.text(), "(17 + 4) * 2 is 42.");

  const CallResult failing = backend.chat(ask("fail now"));
  EXPECT_EQ(failing.status, AH_ERR_UNAVAILABLE);
  EXPECT_EQ(failing.text(), "Starting");
  EXPECT_EQ(backend.chat(ask("hello")).text(), "I am a scripted demo. Ask me to calculate something.");
}

} // namespace
} // namespace scripted_test
