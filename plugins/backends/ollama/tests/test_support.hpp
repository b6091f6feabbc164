// Shared pieces of the ollama backend's tests: a fake host with the built plugin loaded, an
// Ollama endpoint programmed per test, and short ways to write requests and NDJSON lines.
#pragma once

#include "agenthost/testing.hpp"

#include <gtest/gtest.h>

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
using Settings = std::vector<std::pair<std::string, std::string>>;
namespace json = agenthost::json;

inline Message message(std::string role, std::string content) {
  Message m;
  m.role = std::move(role);
  m.content = std::move(content);
  return m;
}

inline ChatRequest ask(std::string text, std::string model = "llama3.2") {
  ChatRequest r;
  r.model = std::move(model);
  r.messages.push_back(message("user", std::move(text)));
  return r;
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
  FakeHttpResponse r;
  r.headers = {{"Content-Type", "application/x-ndjson"}};
  r.chunks = std::move(chunks);
  return r;
}

inline FakeHttpResponse error_response(int status, std::string body) {
  FakeHttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  r.chunks = {std::move(body)};
  return r;
}

// Cuts `bytes` into pieces of `size` bytes (the last may be shorter).
inline std::vector<std::string> split_every(const std::string& bytes, std::size_t size) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < bytes.size(); i += size) out.push_back(bytes.substr(i, size));
  return out;
}

inline std::vector<std::string> texts_of(const CallResult& r, ah_event_type type) {
  std::vector<std::string> out;
  for (const Event& e : r.of(type)) out.push_back(e.text);
  return out;
}

class OllamaTest : public ::testing::Test {
protected:
  void SetUp() override { host_.load(PLUGIN_PATH); }

  FakeHost::Instance create(const Settings& settings = {}) { return host_.create("ollama", settings); }

  // Answers every request with `response`.
  void answer(FakeHttpResponse response) {
    host_.http = [response](const agenthost::HttpRequest&) { return response; };
  }

  const agenthost::HttpRequest& last_request() const { return host_.http_requests.back(); }
  json::Value last_body() const { return json::parse(last_request().body); }

  FakeHost host_;
};

} // namespace ollama_test
