// Shared pieces of the ollama backend's tests: a fake host with the built plugin loaded, an
// Ollama endpoint programmed per test, and short ways to write requests and NDJSON lines.
#pragma once

#include "agenthost/testing/chat_helpers.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built ollama plugin (.so)"
#endif

namespace ollama_test {

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
using agenthost::testing::transport_error;
namespace json = agenthost::json;


inline ChatRequest ask(std::string text, std::string model = "llama3.2") {
  return agenthost::testing::ask(std::move(text), std::move(model));
}

// One streamed chat line carrying `content`, as Ollama writes it (with its newline).
inline std::string content_line(const std::string& content) {
  return json::dump(json::Value::object(
             {{"model", "llama3.2"},
              {"created_at", "2026-01-01T00:00:00Z"},
              {"message", json::Value::object({{"role", "assistant"}, {"content", content}})},
              {"done", false}})) +
         "\n";
}

inline std::string done_line(int64_t prompt_tokens, int64_t output_tokens, const std::string& reason = "stop") {
  return R"({"model":"llama3.2","created_at":"2026-01-01T00:00:01Z","message":{"role":"assistant","content":""},)"
         R"("done":true,"done_reason":")" +
         reason + R"(","total_duration":123,"prompt_eval_count":)" + std::to_string(prompt_tokens) +
         R"(,"eval_count":)" + std::to_string(output_tokens) + "}\n";
}

inline FakeHttpResponse ok_stream(std::vector<std::string> chunks) {
  return agenthost::testing::streamed(200, std::move(chunks), "application/x-ndjson");
}

inline FakeHttpResponse error_response(int status, std::string body) {
  return agenthost::testing::streamed(status, {std::move(body)}, "application/json; charset=utf-8");
}



class OllamaTest : public ::testing::Test {
protected:
  void SetUp() override { host_.load(PLUGIN_PATH); }

  FakeHost::Instance create(const Settings& settings = {}) { return host_.create("ollama", settings); }

  // Answers every request with `response`.
  void answer(FakeHttpResponse response) {
    host_.http = [response](const agenthost::HttpRequest&) { return response; };
  }

  // The last request other than the /api/show the plugin sends once per model to learn its
  // context window (tests/model_info_test.cpp covers those).
  const agenthost::HttpRequest& last_request() const {
    for (auto it = host_.http_requests.rbegin(); it != host_.http_requests.rend(); ++it)
      if (!is_show(*it)) return *it;
    throw std::runtime_error("the plugin sent no request");
  }
  std::size_t requests_other_than_show() const {
    std::size_t n = 0;
    for (const auto& request : host_.http_requests) n += is_show(request) ? 0 : 1;
    return n;
  }
  static bool is_show(const agenthost::HttpRequest& request) {
    return request.url.size() >= 9 && request.url.compare(request.url.size() - 9, 9, "/api/show") == 0;
  }
  json::Value last_body() const { return json::parse(last_request().body); }

  FakeHost host_;
};

} // namespace ollama_test
