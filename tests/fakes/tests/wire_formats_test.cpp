// The framing of each provider's stream, byte for byte, as the providers document it.
#include "wire_formats.hpp"

#include "agenthost/json.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace agenthost::fakes {
namespace {

Scenario small_scenario() {
  return Scenario::text_stream("Hi there", 2).with_tool_call("get_weather", R"({"city":"Paris"})", "id1").with_usage(5, 3);
}

TEST(SplitUtf8, NeverCutsAMultiByteSequenceAndLosesNothing) {
  const std::string text = "h\xC3\xA9llo w\xE2\x82\xACrld";
  for (int pieces = 1; pieces <= 12; ++pieces) {
    std::string joined;
    for (const auto& piece : split_utf8(text, pieces)) {
      ASSERT_FALSE(piece.empty());
      EXPECT_NE(static_cast<unsigned char>(piece[0]) & 0xC0, 0x80) << "piece starts inside a UTF-8 sequence";
      joined += piece;
    }
    EXPECT_EQ(joined, text);
  }
  EXPECT_EQ(split_utf8("abcd", 2), (std::vector<std::string>{"ab", "cd"}));
}

TEST(OpenAiFrames, AreDataLinesEndedByABlankLineThenDone) {
  RequestFacts facts{"gpt-x", true, 1};
  const auto frames = stream_frames(Provider::openai, small_scenario(), facts);
  ASSERT_GE(frames.size(), 4u);
  for (const auto& f : frames) {
    EXPECT_EQ(f.bytes.rfind("data: ", 0), 0u) << f.bytes;
    EXPECT_EQ(f.bytes.substr(f.bytes.size() - 2), "\n\n");
    EXPECT_EQ(f.bytes.find('\n'), f.bytes.size() - 2) << "one data line per event: " << f.bytes;
  }
  EXPECT_EQ(frames.back().bytes, "data: [DONE]\n\n");
  EXPECT_EQ(frames[1].bytes,
            "data: {\"id\":\"chatcmpl-fake1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            "\"model\":\"gpt-x\",\"system_fingerprint\":\"fp_fake\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
            "\"Hi t\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
  // The include_usage chunk: empty choices, usage filled in, just before [DONE].
  const auto usage = json::parse(frames[frames.size() - 2].bytes.substr(6));
  EXPECT_EQ(usage["choices"].size(), 0u);
  EXPECT_EQ(usage["usage"]["prompt_tokens"].as_int(), 5);
  EXPECT_EQ(usage["usage"]["completion_tokens"].as_int(), 3);
  EXPECT_EQ(usage["usage"]["total_tokens"].as_int(), 8);
  // Tool call: the first delta names it (index, id, type, name), later deltas carry argument pieces.
  const auto first_tool = json::parse(frames[3].bytes.substr(6));
  const auto& call = first_tool["choices"][0]["delta"]["tool_calls"][0];
  EXPECT_EQ(call["index"].as_int(), 0);
  EXPECT_EQ(call["id"].as_string(), "id1");
  EXPECT_EQ(call["function"]["name"].as_string(), "get_weather");
  std::string arguments;
  for (std::size_t i = 3; i < frames.size() - 3; ++i)
    arguments += json::parse(frames[i].bytes.substr(6))["choices"][0]["delta"]["tool_calls"][0]["function"]["arguments"].as_string();
  EXPECT_EQ(arguments, R"({"city":"Paris"})");
  EXPECT_EQ(json::parse(frames[frames.size() - 3].bytes.substr(6))["choices"][0]["finish_reason"].as_string(), "tool_calls");
}

TEST(OpenAiFrames, OmitUsageUnlessTheRequestAskedForIt) {
  RequestFacts facts{"gpt-x", false, 1};
  for (const auto& f : stream_frames(Provider::openai, small_scenario(), facts))
    EXPECT_EQ(f.bytes.find("usage"), std::string::npos) << f.bytes;
}

TEST(AnthropicFrames, AreNamedEventsWithMatchingTypeInTheDocumentedOrder) {
  const auto frames = stream_frames(Provider::anthropic, small_scenario(), RequestFacts{"claude-x", false, 1});
  const std::regex framing("event: ([a-z_]+)\ndata: (\\{[^\n]*\\})\n\n");
  std::vector<std::string> names;
  for (const auto& f : frames) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(f.bytes, m, framing)) << f.bytes;
    EXPECT_EQ(json::parse(m[2].str())["type"].as_string(), m[1].str());
    names.push_back(m[1].str());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"message_start", "ping", "content_block_start", "content_block_delta",
                                             "content_block_delta", "content_block_stop", "content_block_start",
                                             "content_block_delta", "content_block_delta", "content_block_delta",
                                             "content_block_stop", "message_delta", "message_stop"}));
  EXPECT_EQ(frames[1].bytes, "event: ping\ndata: {\"type\":\"ping\"}\n\n");
  EXPECT_EQ(frames[3].bytes, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                             "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi t\"}}\n\n");
  const auto tool_start = json::parse(frames[6].bytes.substr(frames[6].bytes.find("data: ") + 6));
  EXPECT_EQ(tool_start["index"].as_int(), 1);
  EXPECT_EQ(tool_start["content_block"]["type"].as_string(), "tool_use");
  EXPECT_EQ(tool_start["content_block"]["name"].as_string(), "get_weather");
  const auto delta = json::parse(frames[11].bytes.substr(frames[11].bytes.find("data: ") + 6));
  EXPECT_EQ(delta["delta"]["stop_reason"].as_string(), "tool_use");
  EXPECT_EQ(delta["usage"]["output_tokens"].as_int(), 3);
}

TEST(AnthropicFrames, ErrorEventUsesTheDocumentedShape) {
  EXPECT_EQ(mid_stream_error_frame(Provider::anthropic, "overloaded_error", "Overloaded"),
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n");
  EXPECT_EQ(error_body(Provider::anthropic, 529, "", "Overloaded"),
            "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
}

TEST(OllamaFrames, AreOneJsonObjectPerLineEndingWithDone) {
  const auto frames = stream_frames(Provider::ollama, small_scenario(), RequestFacts{"llama", false, 1});
  ASSERT_EQ(frames.size(), 4u); // two text tokens, the tool_calls message, the final line
  for (const auto& f : frames) {
    EXPECT_EQ(f.bytes.find('\n'), f.bytes.size() - 1) << f.bytes;
    EXPECT_NO_THROW(json::parse(f.bytes.substr(0, f.bytes.size() - 1)));
  }
  EXPECT_EQ(frames[0].bytes, "{\"model\":\"llama\",\"created_at\":\"2026-01-01T00:00:00.000000000Z\",\"message\":"
                             "{\"role\":\"assistant\",\"content\":\"Hi t\"},\"done\":false}\n");
  const auto tools = json::parse(frames[2].bytes);
  EXPECT_EQ(tools["message"]["tool_calls"][0]["function"]["name"].as_string(), "get_weather");
  EXPECT_EQ(tools["message"]["tool_calls"][0]["function"]["arguments"]["city"].as_string(), "Paris");
  const auto last = json::parse(frames[3].bytes);
  EXPECT_TRUE(last["done"].as_bool());
  EXPECT_EQ(last["done_reason"].as_string(), "stop");
  EXPECT_EQ(last["prompt_eval_count"].as_int(), 5);
  EXPECT_EQ(last["eval_count"].as_int(), 3);
}

TEST(ErrorBodies, FollowEachProvidersShape) {
  EXPECT_EQ(error_body(Provider::ollama, 404, "", "model 'x' not found"), "{\"error\":\"model 'x' not found\"}");
  const auto openai = json::parse(error_body(Provider::openai, 429, "", "slow down"));
  EXPECT_EQ(openai["error"]["message"].as_string(), "slow down");
  EXPECT_EQ(openai["error"]["type"].as_string(), "rate_limit_exceeded");
  EXPECT_TRUE(openai["error"]["param"].is_null());
}

} // namespace
} // namespace agenthost::fakes
