// Shared pieces of the anthropic backend's tests: the built plugin in a FakeHost whose HTTP
// endpoint plays a recorded Messages API stream, and short ways to write requests and streams.
#pragma once

#include "agenthost/testing/chat_helpers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built anthropic plugin (.so)"
#endif

namespace anthropic_test {

using agenthost::ChatRequest;
using agenthost::Message;
using agenthost::ToolCall;
using agenthost::testing::CallResult;
using agenthost::testing::Event;
using agenthost::testing::FakeHost;
using agenthost::testing::FakeHttpResponse;
using agenthost::testing::message;
using agenthost::testing::pieces;
using agenthost::testing::Settings;
using agenthost::testing::texts_of;
using agenthost::testing::tool_result;
using agenthost::testing::transport_error;
namespace json = agenthost::json;

inline constexpr const char* kKey = "sk-ant-test-SECRET-0123456789";



inline ChatRequest request(std::vector<Message> messages) {
  ChatRequest r;
  r.model = "claude-test";
  r.messages = std::move(messages);
  return r;
}

// One SSE event as the API writes it.
inline std::string sse(const std::string& event, const std::string& data) {
  return "event: " + event + "\ndata: " + data + "\n\n";
}

inline std::string message_start(int input_tokens) {
  return sse("message_start",
             R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],)"
             R"("model":"claude-test","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":)" +
                 std::to_string(input_tokens) + R"(,"output_tokens":1}}})");
}
inline std::string text_block_start(int index) {
  return sse("content_block_start", R"({"type":"content_block_start","index":)" + std::to_string(index) +
                                        R"(,"content_block":{"type":"text","text":""}})");
}
inline std::string text_delta(int index, const std::string& text) {
  return sse("content_block_delta", R"({"type":"content_block_delta","index":)" + std::to_string(index) +
                                        R"(,"delta":{"type":"text_delta","text":)" + json::dump(json::Value(text)) + "}}");
}
inline std::string tool_block_start(int index, const std::string& id, const std::string& name) {
  return sse("content_block_start", R"({"type":"content_block_start","index":)" + std::to_string(index) +
                                        R"(,"content_block":{"type":"tool_use","id":")" + id + R"(","name":")" +
                                        name + R"(","input":{}}})");
}
inline std::string json_delta(int index, const std::string& partial) {
  return sse("content_block_delta", R"({"type":"content_block_delta","index":)" + std::to_string(index) +
                                        R"(,"delta":{"type":"input_json_delta","partial_json":)" +
                                        json::dump(json::Value(partial)) + "}}");
}
inline std::string block_stop(int index) {
  return sse("content_block_stop", R"({"type":"content_block_stop","index":)" + std::to_string(index) + "}");
}
inline std::string message_delta(const std::string& stop_reason, int output_tokens) {
  return sse("message_delta", R"({"type":"message_delta","delta":{"stop_reason":")" + stop_reason +
                                  R"(","stop_sequence":null},"usage":{"output_tokens":)" +
                                  std::to_string(output_tokens) + "}}");
}
inline std::string message_stop() { return sse("message_stop", R"({"type":"message_stop"})"); }
inline std::string ping() { return sse("ping", R"({"type": "ping"})"); }

// A whole text reply: "Hello, world" in two deltas, 12 input and 6 output tokens.
inline std::string hello_stream() {
  return message_start(12) + text_block_start(0) + ping() + text_delta(0, "Hello") + text_delta(0, ", world") +
         block_stop(0) + message_delta("end_turn", 6) + message_stop();
}


inline FakeHttpResponse streaming(std::vector<std::string> chunks, int status = 200) {
  return agenthost::testing::streamed(status, std::move(chunks), status == 200 ? "text/event-stream" : "application/json");
}

class AnthropicTest : public ::testing::Test {
protected:
  void SetUp() override { host_.load(PLUGIN_PATH); }

  FakeHost::Instance create(Settings settings = {{"api_key", kKey}}) { return host_.create("anthropic", settings); }

  // Answers every request with `response`.
  void answer(FakeHttpResponse response) {
    host_.http = [response](const agenthost::HttpRequest&) { return response; };
  }

  json::Value sent_body() const { return json::parse(host_.http_requests.at(0).body); }

  std::string sent_header(const std::string& name) const {
    for (const auto& [k, v] : host_.http_requests.at(0).headers)
      if (k == name) return v;
    return "(absent)";
  }

  FakeHost host_;
};


} // namespace anthropic_test
