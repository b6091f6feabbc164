// The scripted backend without a script (echo mode), its pacing and cancellation, settings,
// models and description, all through the C ABI of the built plugin.
#include "test_support.hpp"

#include <gmock/gmock.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

namespace scripted_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
namespace json = agenthost::json;
using Clock = std::chrono::steady_clock;

// ------------------------------------------------------------------------------ descriptor

TEST_F(ScriptedTest, DeclaresOneThreadSafeBackendWithToolAndModelCapabilities) {
  ASSERT_EQ(host_.descriptor().component_count, 1u);
  const ah_component& c = host_.component("scripted");
  EXPECT_EQ(c.kind, AH_KIND_BACKEND);
  EXPECT_NE(c.flags & AH_COMPONENT_THREAD_SAFE, 0u);
  const auto* api = static_cast<const ah_backend_api*>(c.api);
  EXPECT_NE(api->capabilities & AH_BACKEND_TOOLS, 0u);
  EXPECT_NE(api->capabilities & AH_BACKEND_PARALLEL_TOOL_CALLS, 0u);
  EXPECT_NE(api->capabilities & AH_BACKEND_LIST_MODELS, 0u);
  EXPECT_EQ(api->capabilities & AH_BACKEND_PULL_MODELS, 0u);
}

// ------------------------------------------------------------------------------------ echo

TEST_F(ScriptedTest, EchoReproducesTheLastUserMessageExactly) {
  auto backend = create({{"token_delay_ms", "0"}});
  const std::string text = "  Hello,\tbig  wide\nworld — ünïcödé ✓  ";
  const CallResult r = backend.chat(request({message("user", "an earlier question"), message("assistant", "an answer"),
                                             message("user", text)}));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text(), text);
  EXPECT_THAT(texts_of(r, AH_EVENT_TEXT_DELTA),
              ElementsAre("  Hello,", "\tbig", "  wide", "\nworld", " —", " ünïcödé", " ✓  "));
}

TEST_F(ScriptedTest, EchoReportsUsageThenOneFinishStopAtTheEnd) {
  auto backend = create({{"token_delay_ms", "0"}});
  // The fake host estimates (bytes + 3) / 4 tokens per message: 2 + 1 + 3 = 6.
  const CallResult r = backend.chat(
      request({message("system", "be brief"), message("user", "hi"), message("user", "one two three four five")}));
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.of(AH_EVENT_TEXT_DELTA).size(), 5u);
  const auto usage = r.of(AH_EVENT_USAGE);
  ASSERT_EQ(usage.size(), 1u);
  EXPECT_EQ(usage[0].input_tokens, 2 + 1 + 6);
  EXPECT_EQ(usage[0].output_tokens, 5);
  EXPECT_THAT(texts_of(r, AH_EVENT_FINISH), ElementsAre("stop"));
  ASSERT_GE(r.events.size(), 2u);
  EXPECT_EQ(r.events[r.events.size() - 2].type, AH_EVENT_USAGE);
  EXPECT_EQ(r.events.back().type, AH_EVENT_FINISH);
}

TEST_F(ScriptedTest, InputTokensCountToolCallArgumentsToo) {
  auto backend = create({{"token_delay_ms", "0"}});
  const CallResult r = backend.chat(request({message("user", "12345678"), assistant_calling({{"c1", "calc", "{\"x\":12345}"}}),
                                             tool_result("c1", "calc", "42")}));
  ASSERT_TRUE(r.ok()) << r.error;
  // "12345678" = 2, "" = 0, the 11-byte arguments = 3, "42" = 1.
  EXPECT_EQ(r.of(AH_EVENT_USAGE).at(0).input_tokens, 6);
}

TEST_F(ScriptedTest, GreetsWhenThereIsNoUserMessageOrOnlyWhitespace) {
  auto backend = create({{"token_delay_ms", "0"}});
  const CallResult none = backend.chat(request({message("system", "you are a test")}));
  const CallResult blank = backend.chat(ask(" \n "));
  ASSERT_TRUE(none.ok()) << none.error;
  ASSERT_TRUE(blank.ok()) << blank.error;
  EXPECT_THAT(none.text(), HasSubstr("Hello"));
  EXPECT_EQ(blank.text(), none.text());
  EXPECT_THAT(texts_of(none, AH_EVENT_FINISH), ElementsAre("stop"));
}

TEST_F(ScriptedTest, CharChunkingStreamsOneUtf8CharacterPerDelta) {
  auto backend = create({{"token_delay_ms", "0"}, {"chunk", "char"}});
  const CallResult r = backend.chat(ask("hé ✓"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_THAT(texts_of(r, AH_EVENT_TEXT_DELTA), ElementsAre("h", "é", " ", "✓"));
  EXPECT_EQ(r.of(AH_EVENT_USAGE).at(0).output_tokens, 4);
}

TEST_F(ScriptedTest, AnswersToolResultsWithTheirContentInEchoMode) {
  auto backend = create({{"token_delay_ms", "0"}});
  const CallResult r = backend.chat(request({message("user", "what is 1+2 and the time?"),
                                             assistant_calling({{"call_1", "calculator", "{}"}, {"call_2", "clock", "{}"}}),
                                             tool_result("call_1", "calculator", "3"),
                                             tool_result("call_2", "clock", "12:00")}));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text(), "calculator: 3\nclock: 12:00");
}

TEST_F(ScriptedTest, MaxTokensCutsTheReplyWithFinishLength) {
  auto backend = create({{"token_delay_ms", "0"}});
  ChatRequest req = ask("one two three four five");
  req.params.set("max_tokens", 3);
  const CallResult r = backend.chat(req);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text(), "one two three");
  EXPECT_EQ(r.of(AH_EVENT_USAGE).at(0).output_tokens, 3);
  EXPECT_THAT(texts_of(r, AH_EVENT_FINISH), ElementsAre("length"));

  req.params.set("max_tokens", 5); // exactly enough: a normal stop
  EXPECT_THAT(texts_of(backend.chat(req), AH_EVENT_FINISH), ElementsAre("stop"));
}

TEST_F(ScriptedTest, RejectsAMaxTokensThatIsNotAPositiveInteger) {
  auto backend = create({{"token_delay_ms", "0"}});
  for (const json::Value& bad : {json::Value(0), json::Value(-4), json::Value("ten"), json::Value(2.5)}) {
    ChatRequest req = ask("hello");
    req.params.set("max_tokens", bad);
    const CallResult r = backend.chat(req);
    EXPECT_EQ(r.status, AH_ERR_INVALID_ARGUMENT) << json::dump(bad);
    EXPECT_THAT(r.error, HasSubstr("params.max_tokens must be a positive integer"));
    EXPECT_TRUE(r.events.empty());
  }
}

TEST_F(ScriptedTest, RejectsARequestThatIsNotAChatRequest) {
  auto backend = create({{"token_delay_ms", "0"}});
  EXPECT_EQ(backend.chat_json("{\"messages\": ").status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(backend.chat_json("[1, 2]").status, AH_ERR_INVALID_ARGUMENT);
  const CallResult r = backend.chat_json(R"({"messages": [{"role": "user", "content": 5}]})");
  EXPECT_EQ(r.status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(r.error, HasSubstr("content"));
}

// -------------------------------------------------------------------------------- pacing

TEST_F(ScriptedTest, SpacesTokensByTheConfiguredDelay) {
  auto backend = create({{"token_delay_ms", "20"}});
  std::vector<Clock::time_point> arrivals;
  CallOptions options;
  options.on_event = [&](const Event& e) {
    if (e.type == AH_EVENT_TEXT_DELTA) arrivals.push_back(Clock::now());
  };
  const Clock::time_point start = Clock::now();
  const CallResult r = backend.chat(ask("one two three four five"), options);
  const auto elapsed = Clock::now() - start;
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(arrivals.size(), 5u);
  // Lower bounds only: four gaps of at least 20 ms each.
  EXPECT_GE(elapsed, std::chrono::milliseconds(80));
  for (std::size_t i = 1; i < arrivals.size(); ++i) EXPECT_GE(arrivals[i] - arrivals[i - 1], std::chrono::milliseconds(20));
}

// -------------------------------------------------------------------------- cancellation

TEST_F(ScriptedTest, StopsRightAfterTheEventThatCancelledTheCall) {
  auto backend = create({{"token_delay_ms", "0"}});
  std::string long_text;
  for (int i = 0; i < 200; ++i) long_text += "word ";
  CallOptions options;
  options.cancel_after_events = 3;
  const CallResult r = backend.chat(ask(long_text), options);
  EXPECT_EQ(r.status, AH_ERR_CANCELLED);
  EXPECT_EQ(r.error_status, AH_ERR_CANCELLED);
  EXPECT_EQ(r.events.size(), 3u);
  EXPECT_TRUE(r.of(AH_EVENT_FINISH).empty());
}

TEST_F(ScriptedTest, ACancelInterruptsALongTokenDelay) {
  // With a 30 s delay between tokens, returning at all well before 30 s proves that the wait
  // is interrupted; the bound is the delay itself, not a performance expectation.
  auto backend = create({{"token_delay_ms", "30000"}});
  CallOptions options;
  options.cancel_after_events = 1;
  const Clock::time_point start = Clock::now();
  const CallResult r = backend.chat(ask("first second third"), options);
  EXPECT_EQ(r.status, AH_ERR_CANCELLED);
  EXPECT_THAT(texts_of(r, AH_EVENT_TEXT_DELTA), ElementsAre("first"));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(15));
}

TEST_F(ScriptedTest, ACancelFromAnotherThreadInterruptsTheWaitBeforeTheNextToken) {
  // The cancel arrives while the plugin sleeps between tokens, not in reaction to an event.
  auto backend = create({{"token_delay_ms", "30000"}});
  std::atomic<bool> cancel{false};
  CallOptions options;
  options.cancel_flag = &cancel;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancel = true;
  });
  const CallResult r = backend.chat(ask("first second third"), options);
  canceller.join();
  EXPECT_EQ(r.status, AH_ERR_CANCELLED);
  EXPECT_THAT(texts_of(r, AH_EVENT_TEXT_DELTA), ElementsAre("first"));
  EXPECT_TRUE(r.of(AH_EVENT_FINISH).empty());
}

TEST_F(ScriptedTest, AnAlreadyCancelledCallEmitsNothing) {
  auto backend = create({{"token_delay_ms", "0"}});
  CallOptions options;
  options.cancelled = true;
  const CallResult r = backend.chat(ask("hello there"), options);
  EXPECT_EQ(r.status, AH_ERR_CANCELLED);
  EXPECT_TRUE(r.events.empty());
}

// ------------------------------------------------------------------------------ settings

TEST_F(ScriptedTest, RejectsUnknownAndOutOfRangeSettings) {
  const auto error_of = [&](const Settings& settings) -> std::string {
    try {
      create(settings);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_THAT(error_of({{"token_dealy_ms", "5"}}), HasSubstr("unknown setting 'token_dealy_ms' (did you mean 'token_delay_ms'?)"));
  EXPECT_THAT(error_of({{"model", "x"}}),
              HasSubstr("unknown setting 'model'; known settings: token_delay_ms, script, context_window, chunk"));
  EXPECT_THAT(error_of({{"token_delay_ms", "-1"}}), HasSubstr("token_delay_ms: must be >= 0"));
  EXPECT_THAT(error_of({{"token_delay_ms", "fast"}}), HasSubstr("token_delay_ms: expected an integer"));
  EXPECT_THAT(error_of({{"context_window", "0"}}), HasSubstr("context_window: must be >= 1"));
  EXPECT_THAT(error_of({{"chunk", "sentence"}}), HasSubstr("chunk: must be one of word, char"));
}

TEST_F(ScriptedTest, AnEmptyScriptSettingMeansEcho) {
  auto backend = create({{"script", ""}, {"token_delay_ms", "0"}});
  EXPECT_EQ(backend.chat(ask("plain echo")).text(), "plain echo");
}

// -------------------------------------------------------------------- models and describe

TEST_F(ScriptedTest, ListsTheDemoModelWithoutAScript) {
  auto backend = create({{"context_window", "4096"}});
  const CallResult r = backend.list_models();
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result_json(), json::parse(R"([{"name": "demo", "context_window": 4096}])"));
}

TEST_F(ScriptedTest, ListsTheModelsAScriptNames) {
  auto backend = create_scripted(R"({"models": ["tiny", "huge"], "replies": [{"steps": [{"text": "hi"}]}]})");
  const CallResult r = backend.list_models();
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result_json(),
            json::parse(R"([{"name": "tiny", "context_window": 8192}, {"name": "huge", "context_window": 8192}])"));
}

TEST_F(ScriptedTest, DescribesCapabilitiesContextWindowAndModels) {
  auto backend = create({{"context_window", "2048"}});
  const CallResult r = backend.describe();
  ASSERT_TRUE(r.ok()) << r.error;
  const json::Value d = r.result_json();
  EXPECT_EQ(d["capabilities"], json::parse(R"({"tools": true, "parallel_tool_calls": true, "streaming_tool_calls": true,
                                               "list_models": true, "pull_models": false})"));
  EXPECT_EQ(d["context_window"], json::Value(2048));
  EXPECT_EQ(d["models"], json::parse(R"({"demo": {"context_window": 2048}})"));
}

TEST_F(ScriptedTest, PullingModelsIsUnsupported) {
  auto backend = create();
  const CallResult r = backend.pull_model("demo");
  EXPECT_EQ(r.status, AH_ERR_UNSUPPORTED);
  EXPECT_THAT(r.error, HasSubstr("pulling models"));
}

// ------------------------------------------------------------------------- thread safety

TEST_F(ScriptedTest, OneInstanceServesConcurrentChatsIndependently) {
  auto backend = create_scripted(R"({"replies": [
    {"match": "tool", "steps": [{"text": "calling"}, {"tool_call": {"name": "calculator", "arguments": {"expression": "1+1"}}}]}
  ]})");
  std::vector<std::future<CallResult>> results;
  for (int i = 0; i < 8; ++i) {
    results.push_back(std::async(std::launch::async, [&backend, i] {
      return backend.chat(ask(i % 2 == 0 ? "use a tool" : "echo number " + std::to_string(i)));
    }));
  }
  for (int i = 0; i < 8; ++i) {
    const CallResult r = results[static_cast<std::size_t>(i)].get();
    ASSERT_TRUE(r.ok()) << r.error;
    if (i % 2 == 0) {
      EXPECT_EQ(r.text(), "calling");
      EXPECT_EQ(r.of(AH_EVENT_TOOL_CALL).size(), 1u);
    } else {
      EXPECT_EQ(r.text(), "echo number " + std::to_string(i));
    }
  }
}

} // namespace
} // namespace scripted_test
