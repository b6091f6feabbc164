// What the backend makes of a Messages API stream: text, tool calls, usage, keep-alives, finish.
#include "test_support.hpp"

#include <gmock/gmock.h>

namespace anthropic_test {
namespace {

using ::testing::ElementsAre;

TEST_F(AnthropicTest, DeclaresToolAndModelCapabilities) {
  const auto* api = static_cast<const ah_backend_api*>(host_.component("anthropic").api);
  EXPECT_NE(api->capabilities & AH_BACKEND_TOOLS, 0u);
  EXPECT_NE(api->capabilities & AH_BACKEND_PARALLEL_TOOL_CALLS, 0u);
  EXPECT_NE(api->capabilities & AH_BACKEND_STREAMING_TOOL_CALLS, 0u);
  EXPECT_NE(api->capabilities & AH_BACKEND_LIST_MODELS, 0u);
  EXPECT_EQ(api->capabilities & AH_BACKEND_PULL_MODELS, 0u);
}

TEST_F(AnthropicTest, StreamsTextThenUsageThenFinish) {
  answer(streaming({hello_stream()}));
  const CallResult r = create().chat(request({message("user", "hi")}));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_THAT(texts_of(r, AH_EVENT_TEXT_DELTA), ElementsAre("Hello", ", world"));
  const auto usage = r.of(AH_EVENT_USAGE);
  ASSERT_EQ(usage.size(), 1u);
  EXPECT_EQ(usage[0].input_tokens, 12);
  EXPECT_EQ(usage[0].output_tokens, 6);
  EXPECT_THAT(texts_of(r, AH_EVENT_FINISH), ElementsAre("stop"));
  ASSERT_GE(r.events.size(), 2u);
  EXPECT_EQ(r.events[r.events.size() - 2].type, AH_EVENT_USAGE);
  EXPECT_EQ(r.events.back().type, AH_EVENT_FINISH);
}

TEST_F(AnthropicTest, TextIsTheSameWhereverTheBytesAreCut) {
  const std::string stream = message_start(3) + text_block_start(0) + text_delta(0, "Grüß ") +
                             text_delta(0, "dich, \"Welt\"\n✓") + block_stop(0) + message_delta("end_turn", 4) +
                             message_stop();
  auto backend = create();
  for (std::size_t size : {1u, 2u, 3u, 7u, 64u}) {
    answer(streaming(pieces(stream, size)));
    const CallResult r = backend.chat(request({message("user", "hi")}));
    ASSERT_TRUE(r.ok()) << "pieces of " << size << ": " << r.error;
    EXPECT_EQ(r.text(), "Grüß dich, \"Welt\"\n✓") << "pieces of " << size;
  }
  // Every two-piece split, including inside "\n\n" and inside multi-byte characters.
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    answer(streaming({stream.substr(0, cut), stream.substr(cut)}));
    const CallResult r = backend.chat(request({message("user", "hi")}));
    ASSERT_TRUE(r.ok()) << "cut at " << cut << ": " << r.error;
    ASSERT_EQ(r.text(), "Grüß dich, \"Welt\"\n✓") << "cut at " << cut;
  }
}

TEST_F(AnthropicTest, CrlfLineEndingsAreUnderstood) {
  std::string stream = hello_stream();
  std::string crlf;
  for (char c : stream) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  answer(streaming(pieces(crlf, 5)));
  const CallResult r = create().chat(request({message("user", "hi")}));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text(), "Hello, world");
}

TEST_F(AnthropicTest, AssemblesToolCallsFromInputJsonPieces) {
  const std::string stream =
      message_start(20) + text_block_start(0) + text_delta(0, "Checking.") + block_stop(0) +
      tool_block_start(1, "toolu_A", "weather") + json_delta(1, "") + json_delta(1, R"({"ci)") +
      json_delta(1, R"(ty": "Os)") + json_delta(1, R"(lo"})") + block_stop(1) + tool_block_start(2, "toolu_B", "time") +
      block_stop(2) + message_delta("tool_use", 30) + message_stop();
  answer(streaming(pieces(stream, 11)));
  const CallResult r = create().chat(request({message("user", "weather?")}));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text(), "Checking.");
  const auto calls = r.of(AH_EVENT_TOOL_CALL);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].index, 0);
  EXPECT_EQ(calls[0].id, "toolu_A");
  EXPECT_EQ(calls[0].name, "weather");
  EXPECT_EQ(json::parse(calls[0].arguments), json::parse(R"({"city":"Oslo"})"));
  EXPECT_EQ(calls[1].index, 1);
  EXPECT_EQ(calls[1].id, "toolu_B");
  EXPECT_EQ(calls[1].arguments, "{}") << "a call with no input streams no pieces";
  // The deltas name the call first, then carry the fragments, which add up to the arguments.
  std::string fragments;
  const auto deltas = r.of(AH_EVENT_TOOL_CALL_DELTA);
  ASSERT_FALSE(deltas.empty());
  EXPECT_EQ(deltas[0].id, "toolu_A");
  EXPECT_EQ(deltas[0].name, "weather");
  for (const Event& d : deltas)
    if (d.index == 0) fragments += d.arguments;
  EXPECT_EQ(fragments, R"({"city": "Oslo"})");
  EXPECT_THAT(texts_of(r, AH_EVENT_FINISH), ElementsAre("tool_calls"));
  EXPECT_EQ(r.of(AH_EVENT_USAGE).at(0).output_tokens, 30);
}

TEST_F(AnthropicTest, PingsBecomeKeepalivesAndNothingElse) {
  answer(streaming({ping(), message_start(1), ping(), text_block_start(0), text_delta(0, "x"), ping(), block_stop(0),
                    message_delta("end_turn", 1), message_stop()}));
  const CallResult r = create().chat(request({message("user", "hi")}));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.of(AH_EVENT_KEEPALIVE).size(), 3u);
  EXPECT_EQ(r.text(), "x");
  EXPECT_EQ(r.of(AH_EVENT_TEXT_DELTA).size(), 1u);
}

TEST_F(AnthropicTest, MapsStopReasonsToFinishReasons) {
  auto backend = create();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"end_turn", "stop"}, {"stop_sequence", "stop"}, {"max_tokens", "length"},
      {"tool_use", "tool_calls"}, {"refusal", "content_filter"}, {"pause_turn", "pause_turn"}};
  for (const auto& [stop_reason, finish] : cases) {
    answer(streaming({message_start(1), message_delta(stop_reason, 1), message_stop()}));
    const CallResult r = backend.chat(request({message("user", "hi")}));
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_THAT(texts_of(r, AH_EVENT_FINISH), ElementsAre(finish)) << stop_reason;
  }
}

TEST_F(AnthropicTest, CountsCachedPromptTokensAsInput) {
  answer(streaming({sse("message_start", R"({"type":"message_start","message":{"usage":)"
                                         R"({"input_tokens":5,"cache_creation_input_tokens":100,)"
                                         R"("cache_read_input_tokens":1000,"output_tokens":1}}})"),
                    message_delta("end_turn", 9), message_stop()}));
  const CallResult r = create().chat(request({message("user", "hi")}));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.of(AH_EVENT_USAGE).at(0).input_tokens, 1105);
  EXPECT_EQ(r.of(AH_EVENT_USAGE).at(0).output_tokens, 9);
}

TEST_F(AnthropicTest, IgnoresUnknownEventsAndDeltaKinds) {
  answer(streaming({message_start(1), sse("brand_new_event", R"({"type":"brand_new_event"})"), text_block_start(0),
                    sse("content_block_delta", R"({"type":"content_block_delta","index":0,)"
                                               R"("delta":{"type":"citations_delta","citation":{}}})"),
                    text_delta(0, "ok"), block_stop(0), message_delta("end_turn", 1), message_stop()}));
  const CallResult r = create().chat(request({message("user", "hi")}));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.text(), "ok");
}

TEST_F(AnthropicTest, ListsModelsAcrossPages) {
  host_.http = [](const agenthost::HttpRequest& req) {
    FakeHttpResponse r;
    if (req.url.find("after_id=") == std::string::npos)
      r.chunks = {R"({"data":[{"type":"model","id":"claude-a","display_name":"Claude A"}],"has_more":true,"last_id":"claude-a"})"};
    else
      r.chunks = {R"({"data":[{"type":"model","id":"claude-b"}],"has_more":false,"last_id":"claude-b"})"};
    return r;
  };
  const CallResult r = create().list_models();
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(json::dump(r.result_json()),
            R"([{"name":"claude-a","context_window":200000,"display_name":"Claude A"},)"
            R"({"name":"claude-b","context_window":200000}])");
  ASSERT_EQ(host_.http_requests.size(), 2u);
  EXPECT_EQ(host_.http_requests[0].method, "GET");
  EXPECT_EQ(host_.http_requests[0].url, "https://api.anthropic.com/v1/models?limit=1000");
  EXPECT_EQ(host_.http_requests[1].url, "https://api.anthropic.com/v1/models?limit=1000&after_id=claude-a");
  EXPECT_EQ(sent_header("x-api-key"), kKey);
}

TEST_F(AnthropicTest, DescribesCapabilitiesWithoutTheKey) {
  const CallResult r = create().describe();
  ASSERT_TRUE(r.ok()) << r.error;
  const json::Value d = r.result_json();
  EXPECT_EQ(d["capabilities"]["tools"], json::Value(true));
  EXPECT_EQ(d["capabilities"]["streaming_tool_calls"], json::Value(true));
  EXPECT_EQ(d["context_window"].as_int(), 200000);
  EXPECT_EQ(d["api_key_set"], json::Value(true));
  EXPECT_EQ(r.result().find(kKey), std::string::npos);
  EXPECT_EQ(d["model_prefixes"]["claude-"], json::Value(200000));
  EXPECT_EQ(d["model_prefixes"]["claude-2.0"], json::Value(100000));
}

TEST_F(AnthropicTest, ContextWindowsComeFromTheFamilyTableTheSettingAndTheDefault) {
  auto backend = create({{"api_key", kKey},
                         {"context_window", "32000"},
                         {"context_windows", R"({"claude-sonnet-4-5": 1000000})"}});
  const json::Value d = backend.describe().result_json();
  EXPECT_EQ(d["context_window"], json::Value(32000)); // for names no entry knows
  EXPECT_EQ(d["models"]["claude-sonnet-4-5"]["context_window"], json::Value(1000000));
  EXPECT_EQ(d["model_prefixes"]["claude-sonnet-4-5"], json::Value(1000000)); // dated ids too

  answer(streaming({R"({"data":[{"id":"claude-sonnet-4-5-20250929"},{"id":"claude-3-haiku-20240307"},)"
                    R"({"id":"gateway-model"}],"has_more":false})"}));
  const json::Value models = backend.list_models().result_json();
  EXPECT_EQ(models[0]["context_window"], json::Value(1000000));
  EXPECT_EQ(models[1]["context_window"], json::Value(200000));
  EXPECT_EQ(models[2]["context_window"], json::Value(32000));
}

} // namespace
} // namespace anthropic_test
