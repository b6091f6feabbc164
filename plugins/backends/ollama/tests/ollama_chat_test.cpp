// The ollama backend's chat through the C ABI of the built plugin: the request it sends, and
// how it reads Ollama's NDJSON stream (text, tool calls, usage, errors) however it is chunked.
#include "test_support.hpp"

#include <gmock/gmock.h>

namespace ollama_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// ---------------------------------------------------------------------------- request body

TEST_F(OllamaTest, SendsTheConversationToolsAndParametersInOllamasShape) {
  answer(ok_stream({done_line(1, 1)}));
  auto backend = create({{"base_url", "http://ollama.local:11434/"}});
  ChatRequest r;
  r.model = "qwen3:8b";
  r.messages.push_back(message("system", "be brief"));
  r.messages.push_back(message("user", "weather in Paris?"));
  Message call = message("assistant", "");
  call.tool_calls = {{"c1", "get_weather", R"({"city":"Paris"})"}};
  r.messages.push_back(call);
  Message result = message("tool", "sunny");
  result.tool_call_id = "c1";
  result.name = "get_weather";
  r.messages.push_back(result);
  r.tools.push_back({"get_weather", "Weather for a city",
                     json::parse(R"({"type":"object","properties":{"city":{"type":"string"}}})")});
  r.params = json::parse(R"({"temperature":0.5,"top_p":0.9,"top_k":40,"seed":7,"max_tokens":128,"unknown":1})");

  const CallResult out = backend.chat(r);
  ASSERT_TRUE(out.ok()) << out.error;
  ASSERT_EQ(requests_other_than_show(), 1u);
  EXPECT_EQ(last_request().method, "POST");
  EXPECT_EQ(last_request().url, "http://ollama.local:11434/api/chat");
  EXPECT_EQ(last_body(), json::parse(R"({
    "model": "qwen3:8b",
    "stream": true,
    "messages": [
      {"role": "system", "content": "be brief"},
      {"role": "user", "content": "weather in Paris?"},
      {"role": "assistant", "content": "",
       "tool_calls": [{"function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]},
      {"role": "tool", "content": "sunny", "tool_name": "get_weather"}
    ],
    "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather for a city",
               "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
    "options": {"temperature": 0.5, "top_p": 0.9, "top_k": 40, "seed": 7, "num_predict": 128}
  })")) << last_request().body;
}

TEST_F(OllamaTest, OmitsToolsOptionsAndAuthorizationWhenThereAreNone) {
  answer(ok_stream({done_line(1, 1)}));
  auto backend = create();
  ASSERT_TRUE(backend.chat(ask("hi")).ok());
  EXPECT_EQ(last_request().url, "http://127.0.0.1:11434/api/chat");
  const json::Value body = last_body();
  EXPECT_FALSE(body.contains("tools"));
  EXPECT_FALSE(body.contains("options"));
  EXPECT_FALSE(body.contains("keep_alive"));
  for (const auto& [name, value] : last_request().headers) EXPECT_NE(name, "Authorization");
}

TEST_F(OllamaTest, SendsApiKeyAsBearerAndSettingsOptionsUnderRequestParams) {
  answer(ok_stream({done_line(1, 1)}));
  auto backend = create({{"api_key", "sekrit"}, {"keep_alive", "-1"}, {"options", R"({"num_ctx":8192,"temperature":1})"}});
  ChatRequest r = ask("hi");
  r.params = json::parse(R"({"temperature":0.2})");
  ASSERT_TRUE(backend.chat(r).ok());
  EXPECT_THAT(last_request().headers, ::testing::Contains(std::pair<std::string, std::string>("Authorization", "Bearer sekrit")));
  const json::Value body = last_body();
  EXPECT_EQ(body["options"], json::parse(R"({"num_ctx":8192,"temperature":0.2})"));
  EXPECT_EQ(body["keep_alive"], json::Value(-1));

  auto named = create({{"keep_alive", "10m"}});
  ASSERT_TRUE(named.chat(ask("hi")).ok());
  EXPECT_EQ(last_body()["keep_alive"], json::Value("10m"));
}

TEST_F(OllamaTest, RefusesEarlierToolCallArgumentsThatAreNotAnObject) {
  answer(ok_stream({done_line(1, 1)}));
  auto backend = create();
  ChatRequest r = ask("hi");
  Message call = message("assistant", "");
  call.tool_calls = {{"c1", "calc", "[1,2]"}};
  r.messages.push_back(call);
  const CallResult out = backend.chat(r);
  EXPECT_EQ(out.status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(out.error, HasSubstr("'calc'"));
  EXPECT_TRUE(host_.http_requests.empty());
}

TEST_F(OllamaTest, RefusesARequestWithoutAModel) {
  auto backend = create();
  const CallResult out = backend.chat(ask("hi", ""));
  EXPECT_EQ(out.status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(out.error, HasSubstr("model"));
}

// ------------------------------------------------------------------------------ the stream

TEST_F(OllamaTest, StreamsTextUsageAndFinishHoweverTheBytesAreChunked) {
  const std::string stream = content_line("Hel") + content_line("lo, wörld") + content_line(" ✓\n\"q\"") +
                             done_line(26, 3);
  auto backend = create();
  for (std::size_t size = 1; size <= stream.size(); ++size) {
    answer(ok_stream(pieces(stream, size)));
    const CallResult out = backend.chat(ask("hi"));
    ASSERT_TRUE(out.ok()) << "chunk size " << size << ": " << out.error;
    EXPECT_THAT(texts_of(out, AH_EVENT_TEXT_DELTA), ElementsAre("Hel", "lo, wörld", " ✓\n\"q\"")) << "chunk size " << size;
    const auto usage = out.of(AH_EVENT_USAGE);
    ASSERT_EQ(usage.size(), 1u);
    EXPECT_EQ(usage[0].input_tokens, 26);
    EXPECT_EQ(usage[0].output_tokens, 3);
    EXPECT_THAT(texts_of(out, AH_EVENT_FINISH), ElementsAre("stop"));
    EXPECT_EQ(out.events.back().type, AH_EVENT_FINISH);
  }
}

TEST_F(OllamaTest, AcceptsAFinalLineWithoutNewlineAndCrlfLineEnds) {
  std::string last = done_line(2, 2);
  last.pop_back();
  std::string crlf_line = content_line("a");
  crlf_line.insert(crlf_line.size() - 1, "\r");
  answer(ok_stream({"\r\n" + crlf_line, last}));
  const CallResult out = create().chat(ask("hi"));
  ASSERT_TRUE(out.ok()) << out.error;
  EXPECT_EQ(out.text(), "a");
  EXPECT_EQ(out.of(AH_EVENT_FINISH).size(), 1u);
}

TEST_F(OllamaTest, EmitsEachToolCallWholeWithStableIdsAndFinishesWithToolCalls) {
  const std::string calls_line =
      R"({"model":"llama3.2","created_at":"x","message":{"role":"assistant","content":"","tool_calls":[)"
      R"({"function":{"name":"get_weather","arguments":{"city":"Paris"}}},)"
      R"({"function":{"index":1,"name":"get_time","arguments":{"zone":"CET","h24":true}}}]},"done":false})"
      "\n";
  answer(ok_stream(pieces(calls_line + done_line(40, 12), 7)));
  auto backend = create();
  ChatRequest r = ask("weather and time?");
  const CallResult first = backend.chat(r);
  const CallResult again = backend.chat(r);
  ASSERT_TRUE(first.ok()) << first.error;
  const auto calls = first.of(AH_EVENT_TOOL_CALL);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].index, 0);
  EXPECT_EQ(calls[0].name, "get_weather");
  EXPECT_EQ(json::parse(calls[0].arguments), json::parse(R"({"city":"Paris"})"));
  EXPECT_EQ(calls[1].index, 1);
  EXPECT_EQ(calls[1].name, "get_time");
  EXPECT_EQ(json::parse(calls[1].arguments), json::parse(R"({"zone":"CET","h24":true})"));
  EXPECT_FALSE(calls[0].id.empty());
  EXPECT_NE(calls[0].id, calls[1].id);
  ASSERT_EQ(again.of(AH_EVENT_TOOL_CALL).size(), 2u);
  EXPECT_EQ(again.of(AH_EVENT_TOOL_CALL)[0].id, calls[0].id); // same response, same ids
  EXPECT_THAT(texts_of(first, AH_EVENT_FINISH), ElementsAre("tool_calls"));

  // A later turn (a longer conversation) gets different ids, so ids never repeat in a conversation.
  r.messages.push_back(message("assistant", "ok"));
  r.messages.push_back(message("user", "again"));
  const CallResult later = backend.chat(r);
  ASSERT_EQ(later.of(AH_EVENT_TOOL_CALL).size(), 2u);
  EXPECT_NE(later.of(AH_EVENT_TOOL_CALL)[0].id, calls[0].id);
}

TEST_F(OllamaTest, ReportsLengthWhenTheModelHitItsTokenLimit) {
  answer(ok_stream({content_line("cut"), done_line(5, 128, "length")}));
  const CallResult out = create().chat(ask("hi"));
  ASSERT_TRUE(out.ok()) << out.error;
  EXPECT_THAT(texts_of(out, AH_EVENT_FINISH), ElementsAre("length"));
}

TEST_F(OllamaTest, StreamsThinkingAsReasoning) {
  answer(ok_stream({R"({"message":{"role":"assistant","content":"","thinking":"hmm"},"done":false})"
                    "\n",
                    content_line("yes"), done_line(1, 2)}));
  const CallResult out = create().chat(ask("hi"));
  ASSERT_TRUE(out.ok()) << out.error;
  EXPECT_THAT(texts_of(out, AH_EVENT_REASONING_DELTA), ElementsAre("hmm"));
  EXPECT_EQ(out.text(), "yes");
}

// ---------------------------------------------------------------------------------- errors

TEST_F(OllamaTest, AnErrorLineMidStreamFailsWithOllamasTextAfterKeepingTheTextSoFar) {
  answer(ok_stream({content_line("partial"), R"({"error":"an error was encountered while running the model: CUDA error"})"
                                             "\n",
                    done_line(1, 1)}));
  const CallResult out = create().chat(ask("hi"));
  EXPECT_EQ(out.status, AH_ERR_UPSTREAM);
  EXPECT_THAT(out.error, HasSubstr("an error was encountered while running the model: CUDA error"));
  EXPECT_EQ(out.text(), "partial");
  EXPECT_TRUE(out.of(AH_EVENT_FINISH).empty());
}

TEST_F(OllamaTest, Http404ForAnUnknownModelFailsAsNotFoundWithOllamasMessage) {
  answer(error_response(404, R"({"error":"model \"nope\" not found, try pulling it first"})"));
  const CallResult out = create().chat(ask("hi", "nope"));
  EXPECT_EQ(out.status, AH_ERR_NOT_FOUND);
  EXPECT_THAT(out.error, HasSubstr("HTTP 404"));
  EXPECT_THAT(out.error, HasSubstr(R"(model "nope" not found, try pulling it first)"));
  EXPECT_TRUE(out.events.empty());
}

TEST_F(OllamaTest, HttpErrorsMapToKindsAndNeverQuoteTheApiKey) {
  auto backend = create({{"api_key", "sekrit-key"}, {"base_url", "http://user:pw@proxy.local:8080/ollama"}});
  const std::pair<int, ah_status> cases[] = {{400, AH_ERR_INVALID_ARGUMENT}, {401, AH_ERR_PERMISSION},
                                             {429, AH_ERR_RATE_LIMITED},    {500, AH_ERR_UNAVAILABLE},
                                             {503, AH_ERR_UNAVAILABLE}};
  for (const auto& [status, kind] : cases) {
    answer(error_response(status, R"({"error":"boom )" + std::to_string(status) + "\"}"));
    const CallResult out = backend.chat(ask("hi"));
    EXPECT_EQ(out.status, kind) << status;
    EXPECT_THAT(out.error, HasSubstr("boom " + std::to_string(status)));
    EXPECT_THAT(out.error, HasSubstr("http://proxy.local:8080"));
    EXPECT_THAT(out.error, Not(HasSubstr("sekrit")));
    EXPECT_THAT(out.error, Not(HasSubstr("pw@")));
  }
  answer(error_response(502, "<html>Bad Gateway</html>"));
  const CallResult proxy = backend.chat(ask("hi"));
  EXPECT_EQ(proxy.status, AH_ERR_UNAVAILABLE);
  EXPECT_THAT(proxy.error, HasSubstr("<html>Bad Gateway</html>"));
}

TEST_F(OllamaTest, AMalformedLineFailsNamingTheLineAndQuotingIt) {
  answer(ok_stream({content_line("ok"), "{\"message\":{\"content\":\"x\"\n", done_line(1, 1)}));
  const CallResult out = create().chat(ask("hi"));
  EXPECT_EQ(out.status, AH_ERR_UPSTREAM);
  EXPECT_THAT(out.error, HasSubstr("malformed line 2"));
  EXPECT_THAT(out.error, HasSubstr("{\"message\""));
  EXPECT_EQ(out.text(), "ok");
}

TEST_F(OllamaTest, AStreamCutBeforeItsDoneLineFailsAsIncomplete) {
  answer(ok_stream({content_line("half"), R"({"message":{"content":"tru)"}));
  const CallResult out = create().chat(ask("hi"));
  EXPECT_EQ(out.status, AH_ERR_UPSTREAM);
  EXPECT_THAT(out.error, HasSubstr("malformed line 2"));

  answer(ok_stream({content_line("half")}));
  const CallResult cut = create().chat(ask("hi"));
  EXPECT_EQ(cut.status, AH_ERR_UPSTREAM);
  EXPECT_THAT(cut.error, HasSubstr("ended before its final \"done\" line"));
}

TEST_F(OllamaTest, ATransportErrorFromTheHostPassesThroughUnchanged) {
  const FakeHttpResponse refused = transport_error(AH_ERR_UNAVAILABLE, "connection refused: http://127.0.0.1:11434");
  answer(refused);
  const CallResult out = create().chat(ask("hi"));
  EXPECT_EQ(out.status, AH_ERR_UNAVAILABLE);
  EXPECT_THAT(out.error, HasSubstr("connection refused"));
}

TEST_F(OllamaTest, StopsWhenTheCallIsCancelled) {
  answer(ok_stream({content_line("a"), content_line("b"), content_line("c"), done_line(1, 3)}));
  agenthost::testing::CallOptions options;
  options.cancel_after_events = 1;
  const CallResult out = create().chat(ask("hi"), options);
  EXPECT_EQ(out.status, AH_ERR_CANCELLED);
  EXPECT_EQ(out.text(), "a");
}

} // namespace
} // namespace ollama_test
