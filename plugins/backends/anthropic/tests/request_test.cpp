// What the backend sends: URL, headers, and the Messages API body built from a chat request.
#include "test_support.hpp"

#include <gmock/gmock.h>

namespace anthropic_test {
namespace {

using ::testing::HasSubstr;

class AnthropicRequestTest : public AnthropicTest {
protected:
  // Runs one chat against a stream that ends cleanly and returns the JSON body that was sent.
  json::Value body_for(const ChatRequest& r, Settings settings = {{"api_key", kKey}}) {
    answer(streaming({hello_stream()}));
    auto backend = create(std::move(settings));
    const CallResult result = backend.chat(r);
    EXPECT_TRUE(result.ok()) << result.error;
    return sent_body();
  }
};

TEST_F(AnthropicRequestTest, PostsToMessagesWithKeyVersionAndStreaming) {
  const json::Value body = body_for(request({message("user", "hi")}));
  const agenthost::HttpRequest& sent = host_.http_requests.at(0);
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://api.anthropic.com/v1/messages");
  EXPECT_EQ(sent_header("x-api-key"), kKey);
  EXPECT_EQ(sent_header("anthropic-version"), "2023-06-01");
  EXPECT_EQ(sent_header("content-type"), "application/json");
  EXPECT_EQ(body["stream"], json::Value(true));
  EXPECT_EQ(body["model"].as_string(), "claude-test");
  EXPECT_EQ(body["max_tokens"].as_int(), 4096) << "the API requires max_tokens: the setting's default is sent";
}

TEST_F(AnthropicRequestTest, HonoursBaseUrlVersionAndNoKeyForLocalServers) {
  body_for(request({message("user", "hi")}), {{"base_url", "http://127.0.0.1:9999/"}, {"version", "2099-01-01"}});
  EXPECT_EQ(host_.http_requests.at(0).url, "http://127.0.0.1:9999/v1/messages");
  EXPECT_EQ(sent_header("anthropic-version"), "2099-01-01");
  EXPECT_EQ(sent_header("x-api-key"), "(absent)");
}

TEST_F(AnthropicRequestTest, MapsSystemPromptsToTopLevelSystem) {
  const json::Value body =
      body_for(request({message("system", "You are terse."), message("user", "hi"), message("system", "Be kind.")}));
  EXPECT_EQ(body["system"].as_string(), "You are terse.\n\nBe kind.");
  ASSERT_EQ(body["messages"].size(), 1u);
  EXPECT_EQ(json::dump(body["messages"][0]), R"({"role":"user","content":[{"type":"text","text":"hi"}]})");
}

TEST_F(AnthropicRequestTest, MapsToolCallsToToolUseAndMergesToolResultsIntoOneUserMessage) {
  Message calling = message("assistant", "Let me look.");
  calling.tool_calls = {{"toolu_1", "weather", R"({"city":"Oslo"})"}, {"toolu_2", "time", ""}};
  const json::Value body = body_for(request({message("user", "weather and time?"), calling,
                                             tool_result("toolu_1", "weather", "rain"),
                                             tool_result("toolu_2", "time", "noon")}));
  const json::Value& messages = body["messages"];
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(json::dump(messages[1]),
            R"({"role":"assistant","content":[{"type":"text","text":"Let me look."},)"
            R"({"type":"tool_use","id":"toolu_1","name":"weather","input":{"city":"Oslo"}},)"
            R"({"type":"tool_use","id":"toolu_2","name":"time","input":{}}]})");
  EXPECT_EQ(json::dump(messages[2]),
            R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"rain"},)"
            R"({"type":"tool_result","tool_use_id":"toolu_2","content":"noon"}]})");
}

TEST_F(AnthropicRequestTest, SendsToolsWithInputSchemaAndSamplingParams) {
  ChatRequest r = request({message("user", "hi")});
  agenthost::ToolSpec weather;
  weather.name = "weather";
  weather.description = "Weather for a city";
  weather.parameters = json::parse(R"({"type":"object","properties":{"city":{"type":"string"}}})");
  agenthost::ToolSpec bare;
  bare.name = "noop";
  r.tools = {weather, bare};
  r.params = json::parse(R"({"temperature":0.5,"top_p":0.9,"top_k":40,"max_tokens":100,"seed":1})");
  const json::Value body = body_for(r);
  EXPECT_EQ(json::dump(body["tools"]),
            R"([{"name":"weather","description":"Weather for a city","input_schema":)"
            R"({"type":"object","properties":{"city":{"type":"string"}}}},)"
            R"({"name":"noop","input_schema":{"type":"object"}}])");
  EXPECT_EQ(body["temperature"].as_double(), 0.5);
  EXPECT_EQ(body["top_p"].as_double(), 0.9);
  EXPECT_EQ(body["top_k"].as_int(), 40);
  EXPECT_EQ(body["max_tokens"].as_int(), 100);
  EXPECT_FALSE(body.contains("seed")) << "parameters the Messages API does not take are not passed on";
}

TEST_F(AnthropicRequestTest, MaxTokensSettingIsTheDefault) {
  EXPECT_EQ(body_for(request({message("user", "hi")}), {{"max_tokens", "77"}})["max_tokens"].as_int(), 77);
}

TEST_F(AnthropicRequestTest, RefusesARequestWithoutModelOrWithBadMaxTokensBeforeSending) {
  answer(streaming({hello_stream()}));
  auto backend = create();
  ChatRequest no_model = request({message("user", "hi")});
  no_model.model.clear();
  CallResult r = backend.chat(no_model);
  EXPECT_EQ(r.status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(r.error, HasSubstr("model"));

  ChatRequest bad = request({message("user", "hi")});
  bad.params = json::parse(R"({"max_tokens":0})");
  r = backend.chat(bad);
  EXPECT_EQ(r.status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(r.error, HasSubstr("max_tokens must be a positive integer"));
  EXPECT_TRUE(host_.http_requests.empty());
}

TEST_F(AnthropicRequestTest, RefusesUnknownSettings) {
  EXPECT_THROW(create({{"api_key", kKey}, {"apikey", "typo"}}), std::runtime_error);
}

} // namespace
} // namespace anthropic_test
