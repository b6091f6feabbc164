// The openai backend through the C ABI of the built plugin: the request it sends, and how it
// turns OpenAI's SSE stream (text, interleaved tool calls, usage, [DONE]) into events.
#include "test_support.hpp"

#include <gmock/gmock.h>

namespace openai_test {
namespace {

using ::testing::HasSubstr;
namespace json = agenthost::json;

std::string header_of(const agenthost::HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return "<absent>";
}

TEST_F(OpenAiTest, DeclaresAThreadSafeBackendWithToolCapabilities) {
  const ah_component& c = host_.component("openai");
  EXPECT_EQ(c.kind, AH_KIND_BACKEND);
  EXPECT_NE(c.flags & AH_COMPONENT_THREAD_SAFE, 0u);
  auto backend = create();
  const CallResult r = backend.describe();
  ASSERT_TRUE(r.ok()) << r.error;
  const json::Value d = r.result_json();
  EXPECT_EQ(d["capabilities"]["tools"], json::Value(true));
  EXPECT_EQ(d["capabilities"]["parallel_tool_calls"], json::Value(true));
  EXPECT_EQ(d["capabilities"]["streaming_tool_calls"], json::Value(true));
  EXPECT_EQ(d["capabilities"]["list_models"], json::Value(true));
  EXPECT_EQ(d["capabilities"]["pull_models"], json::Value(false));
}

TEST_F(OpenAiTest, SendsTheStreamingRequestWithBearerKeyAndMappedMessages) {
  serve(answer(200, {sse({text_chunk("ok"), finish_chunk("stop")})}));
  auto backend = create({{"base_url", "https://api.example.test/v1/"}, {"api_key", "sk-test-123456"},
                         {"organization", "org-42"}});
  ChatRequest request = ask("what is 2+2?");
  request.messages.insert(request.messages.begin(), message("system", "be brief"));
  Message calling = message("assistant", "");
  calling.tool_calls = {{"call_a", "calculator", R"({"expression":"2+2"})"}};
  request.messages.push_back(calling);
  Message result = message("tool", "4");
  result.tool_call_id = "call_a";
  result.name = "calculator";
  request.messages.push_back(result);
  request.tools = {{"calculator", "Evaluates arithmetic", json::parse(R"({"type":"object","properties":{}})")}};
  request.params = json::parse(R"({"temperature":0.2,"top_p":0.9,"max_tokens":50,"seed":7,
                                   "presence_penalty":0.1,"frequency_penalty":0.3,"not_openai":true})");

  const CallResult r = backend.chat(request);
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(host_.http_requests.size(), 1u);
  const agenthost::HttpRequest& sent = host_.http_requests[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://api.example.test/v1/chat/completions");
  EXPECT_EQ(header_of(sent, "Authorization"), "Bearer sk-test-123456");
  EXPECT_EQ(header_of(sent, "OpenAI-Organization"), "org-42");
  EXPECT_EQ(header_of(sent, "Content-Type"), "application/json");
  EXPECT_EQ(header_of(sent, "Accept"), "text/event-stream");

  const json::Value expected = json::parse(R"({
    "model": "gpt-4o-mini",
    "stream": true,
    "stream_options": {"include_usage": true},
    "messages": [
      {"role": "system", "content": "be brief"},
      {"role": "user", "content": "what is 2+2?"},
      {"role": "assistant", "content": null, "tool_calls": [
        {"id": "call_a", "type": "function", "function": {"name": "calculator", "arguments": "{\"expression\":\"2+2\"}"}}]},
      {"role": "tool", "tool_call_id": "call_a", "content": "4"}
    ],
    "tools": [{"type": "function", "function": {"name": "calculator", "description": "Evaluates arithmetic",
               "parameters": {"type": "object", "properties": {}}}}],
    "temperature": 0.2, "top_p": 0.9, "max_tokens": 50, "seed": 7, "presence_penalty": 0.1, "frequency_penalty": 0.3
  })");
  EXPECT_EQ(json::parse(sent.body), expected) << sent.body;
}

TEST_F(OpenAiTest, SendsNoAuthorizationWithoutAKeyAndCanRenameMaxTokens) {
  serve(answer(200, {sse({finish_chunk("stop")})}));
  auto backend = create({{"base_url", "http://127.0.0.1:8080/v1"}, {"max_tokens_field", "max_completion_tokens"}});
  ChatRequest request = ask("hi");
  request.params = json::parse(R"({"max_tokens":12})");
  ASSERT_TRUE(backend.chat(request).ok());
  const agenthost::HttpRequest& sent = host_.http_requests.at(0);
  EXPECT_EQ(sent.url, "http://127.0.0.1:8080/v1/chat/completions");
  EXPECT_EQ(header_of(sent, "Authorization"), "<absent>");
  EXPECT_EQ(header_of(sent, "OpenAI-Organization"), "<absent>");
  const json::Value body = json::parse(sent.body);
  EXPECT_EQ(body["max_completion_tokens"], json::Value(12));
  EXPECT_FALSE(body.contains("max_tokens"));
  EXPECT_FALSE(body.contains("tools")); // no tools: the key is left out, as servers prefer
}

TEST_F(OpenAiTest, DefaultsToTheOpenAiApi) {
  serve(answer(200, {sse({finish_chunk("stop")})}));
  auto backend = host_.create("openai");
  ASSERT_TRUE(backend.chat(ask("hi")).ok());
  EXPECT_EQ(host_.http_requests.at(0).url, "https://api.openai.com/v1/chat/completions");
}

TEST_F(OpenAiTest, StreamsTextIdenticallyWhateverTheChunkSize) {
  const std::string body =
      sse({R"({"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null})",
           text_chunk("Hel"), text_chunk("lo, w\\u00f6rld"), text_chunk(" \\\"quoted\\\"\\n"), finish_chunk("stop"),
           usage_chunk(11, 4)});
  for (std::size_t size = 1; size <= body.size(); size += (size < 40 ? 1 : 37)) {
    serve(answer(200, pieces(body, size)));
    auto backend = create();
    const CallResult r = backend.chat(ask("hello"));
    ASSERT_TRUE(r.ok()) << "chunk size " << size << ": " << r.error;
    EXPECT_EQ(r.text(), "Hello, wörld \"quoted\"\n") << "chunk size " << size;
    ASSERT_EQ(r.of(AH_EVENT_TEXT_DELTA).size(), 3u) << "chunk size " << size;
    ASSERT_EQ(r.of(AH_EVENT_USAGE).size(), 1u);
    EXPECT_EQ(r.of(AH_EVENT_USAGE)[0].input_tokens, 11);
    EXPECT_EQ(r.of(AH_EVENT_USAGE)[0].output_tokens, 4);
    // Usage first, then exactly one FINISH, last.
    ASSERT_GE(r.events.size(), 2u);
    EXPECT_EQ(r.events[r.events.size() - 2].type, AH_EVENT_USAGE);
    EXPECT_EQ(r.events.back().type, AH_EVENT_FINISH);
    EXPECT_EQ(r.events.back().text, "stop");
  }
}

TEST_F(OpenAiTest, AssemblesTwoInterleavedToolCallsByIndex) {
  const std::string body = sse({
      R"({"choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_w","type":"function","function":{"name":"weather","arguments":""}}]},"finish_reason":null}]})",
      R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_t","type":"function","function":{"name":"time","arguments":"{\"tz\":"}}]},"finish_reason":null}]})",
      R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null}]})",
      R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"\"UTC\"}"}}]},"finish_reason":null}]})",
      R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Oslo\"}"}}]},"finish_reason":null}]})",
      finish_chunk("tool_calls"), usage_chunk(30, 12)});
  serve(answer(200, pieces(body, 7)));
  auto backend = create();
  const CallResult r = backend.chat(ask("weather and time?"));
  ASSERT_TRUE(r.ok()) << r.error;

  const auto calls = r.of(AH_EVENT_TOOL_CALL);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].index, 0);
  EXPECT_EQ(calls[0].id, "call_w");
  EXPECT_EQ(calls[0].name, "weather");
  EXPECT_EQ(calls[0].arguments, R"({"city":"Oslo"})");
  EXPECT_EQ(calls[1].index, 1);
  EXPECT_EQ(calls[1].id, "call_t");
  EXPECT_EQ(calls[1].name, "time");
  EXPECT_EQ(calls[1].arguments, R"({"tz":"UTC"})");
  EXPECT_EQ(r.of(AH_EVENT_TOOL_CALL_DELTA).size(), 5u);
  EXPECT_EQ(r.text(), "");
  EXPECT_EQ(r.of(AH_EVENT_USAGE).at(0).input_tokens, 30);
  EXPECT_EQ(r.events.back().type, AH_EVENT_FINISH);
  EXPECT_EQ(r.events.back().text, "tool_calls");
}

TEST_F(OpenAiTest, ToolCallWithoutArgumentsGetsAnEmptyObject) {
  serve(answer(200, {sse({R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c1","type":"function","function":{"name":"now","arguments":""}}]},"finish_reason":"tool_calls"}]})"})}));
  auto backend = create();
  const CallResult r = backend.chat(ask("time?"));
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.of(AH_EVENT_TOOL_CALL).size(), 1u);
  EXPECT_EQ(r.of(AH_EVENT_TOOL_CALL)[0].arguments, "{}");
}

TEST_F(OpenAiTest, AcceptsServersThatOmitUsageOrTheFinalDone) {
  // A compatible server that ignores include_usage and ends right after finish_reason.
  serve(answer(200, {sse({text_chunk("hi"), finish_chunk("length")}, /*with_done=*/false)}));
  auto backend = create();
  const CallResult r = backend.chat(ask("hi"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_TRUE(r.of(AH_EVENT_USAGE).empty());
  EXPECT_EQ(r.events.back().text, "length");
}

TEST_F(OpenAiTest, KeepAliveCommentsBecomeKeepaliveEvents) {
  serve(answer(200, {": OPENROUTER PROCESSING\n\n", sse({text_chunk("x"), finish_chunk("stop")})}));
  auto backend = create();
  const CallResult r = backend.chat(ask("hi"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.of(AH_EVENT_KEEPALIVE).size(), 1u);
  EXPECT_EQ(r.text(), "x");
}

TEST_F(OpenAiTest, ListsModels) {
  serve(answer(200, {R"({"object":"list","data":[{"id":"gpt-4o","object":"model","created":1,"owned_by":"system"},)",
                     R"({"id":"llama-3-8b","object":"model"}]})"}));
  auto backend = create({{"base_url", "http://127.0.0.1:8000/v1"}, {"api_key", "sk-local-key"}});
  const CallResult r = backend.list_models();
  ASSERT_TRUE(r.ok()) << r.error;
  // gpt-4o's window comes from the table of OpenAI families; llama-3-8b is unknown here.
  EXPECT_EQ(r.result_json(),
            json::parse(R"([{"name":"gpt-4o","owned_by":"system","context_window":128000},{"name":"llama-3-8b"}])"));
  const agenthost::HttpRequest& sent = host_.http_requests.at(0);
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, "http://127.0.0.1:8000/v1/models");
  EXPECT_EQ(header_of(sent, "Authorization"), "Bearer sk-local-key");
}

TEST_F(OpenAiTest, ListedModelsTakeTheServedLengthVllmReports) {
  serve(answer(200, {R"({"object":"list","data":[{"id":"meta-llama/Llama-3.1-8B","object":"model","max_model_len":32768}]})"}));
  const CallResult r = create().list_models();
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result_json()[0]["context_window"], json::Value(32768));
}

TEST_F(OpenAiTest, DescribeReportsCapabilitiesAndContextWindowsByFamilyAndSetting) {
  auto backend = create({{"base_url", "http://127.0.0.1:8000/v1"},
                         {"context_window", "8192"},
                         {"context_windows", R"({"gpt-4o": 64000, "my-finetune": 32000})"}});
  const CallResult r = backend.describe();
  ASSERT_TRUE(r.ok()) << r.error;
  const json::Value d = r.result_json();
  EXPECT_EQ(d["context_window"], json::Value(8192));
  EXPECT_EQ(d["model_prefixes"]["gpt-4.1"], json::Value(1047576));
  EXPECT_EQ(d["model_prefixes"]["o3"], json::Value(200000));
  EXPECT_EQ(d["model_prefixes"]["gpt-4o"], json::Value(64000)); // the setting replaced the table's entry
  EXPECT_EQ(d["models"]["my-finetune"]["context_window"], json::Value(32000));
  EXPECT_FALSE(d.contains("api_key"));
}

TEST_F(OpenAiTest, RefusesAContextWindowsSettingThatIsNotTokens) {
  try {
    create({{"context_windows", R"({"gpt-4o": "big"})"}});
    FAIL() << "a non-integer window was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("context_windows: the window of 'gpt-4o' must be a positive integer"));
  }
}

TEST_F(OpenAiTest, AnErrorBodyIsReadOnlyUpToTheCap) {
  // An endless error body: reading stops at the SDK's cap instead of collecting it all.
  FakeHttpResponse huge = answer(500, {});
  for (int i = 0; i < 100; ++i) huge.chunks.push_back(std::string(1024, 'x'));
  serve(huge);
  const CallResult r = create().chat(ask("hi"));
  EXPECT_EQ(r.error_status, AH_ERR_UNAVAILABLE);
  EXPECT_LT(r.error.size(), 1024u);
  EXPECT_LT(host_.http_body_bytes_accepted, 17u * 1024u); // the cap, not the 100 KiB sent
}

TEST_F(OpenAiTest, RefusesABaseUrlWithoutHttpScheme) {
  try {
    create({{"base_url", "api.openai.com/v1"}});
    FAIL() << "creating with a scheme-less base_url succeeded";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("base_url: must start with http:// or https://"));
  }
}

} // namespace
} // namespace openai_test
