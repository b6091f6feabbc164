// Shared pieces of the openai backend's tests: the built plugin in a FakeHost, and OpenAI's
// stream format written out the way the API sends it.
#pragma once

#include "agenthost/testing/chat_helpers.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built openai plugin (.so)"
#endif

namespace openai_test {

using agenthost::ChatRequest;
using agenthost::Message;
using agenthost::testing::CallResult;
using agenthost::testing::FakeHost;
using agenthost::testing::FakeHttpResponse;
using agenthost::testing::message;
using agenthost::testing::pieces;
using agenthost::testing::Settings;
using agenthost::testing::transport_error;

// "data: <payload>\n\n" for each payload, then "data: [DONE]\n\n", as api.openai.com streams.
inline std::string sse(const std::vector<std::string>& payloads, bool with_done = true) {
  std::string out;
  for (const std::string& p : payloads) out += "data: " + p + "\n\n";
  if (with_done) out += "data: [DONE]\n\n";
  return out;
}

inline std::string text_chunk(const std::string& text) {
  return R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":")" +
         text + R"("},"logprobs":null,"finish_reason":null}],"usage":null})";
}
inline std::string finish_chunk(const std::string& reason) {
  return R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":")" +
         reason + R"("}],"usage":null})";
}
inline std::string usage_chunk(int prompt, int completion) {
  return R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":)" +
         std::to_string(prompt) + R"(,"completion_tokens":)" + std::to_string(completion) +
         R"(,"total_tokens":)" + std::to_string(prompt + completion) + "}}";
}


inline FakeHttpResponse answer(int status, std::vector<std::string> chunks) {
  return agenthost::testing::streamed(status, std::move(chunks), status == 200 ? "text/event-stream" : "application/json");
}


inline ChatRequest ask(std::string text) { return agenthost::testing::ask(std::move(text), "gpt-4o-mini"); }

class OpenAiTest : public ::testing::Test {
protected:
  void SetUp() override { host_.load(PLUGIN_PATH); }

  // Every request is answered with `response`.
  void serve(FakeHttpResponse response) {
    host_.http = [response](const agenthost::HttpRequest&) { return response; };
  }

  FakeHost::Instance create(const Settings& settings = {{"base_url", "http://127.0.0.1:8000/v1"}}) {
    return host_.create("openai", settings);
  }

  FakeHost host_;
};

} // namespace openai_test
