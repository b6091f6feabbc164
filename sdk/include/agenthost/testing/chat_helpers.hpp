// agenthost SDK testing: short ways to write what backend plugin tests keep writing — chat
// messages, a body cut into pieces as a socket delivers it, a transport failure, the texts of
// one kind of event.
//
//   host.http = [](const agenthost::HttpRequest&) { return streamed(200, pieces(body, 7)); };
//   const CallResult r = backend.chat(ask("hi", "llama3.2"));
//   EXPECT_EQ(texts_of(r, AH_EVENT_TEXT_DELTA), (std::vector<std::string>{"Hel", "lo"}));
#pragma once

#include "agenthost/testing.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace agenthost::testing {

// INI-style instance settings, as FakeHost::create takes them.
using Settings = std::vector<std::pair<std::string, std::string>>;

inline Message message(std::string role, std::string content) {
  Message m;
  m.role = std::move(role);
  m.content = std::move(content);
  return m;
}

inline Message tool_result(std::string call_id, std::string name, std::string content) {
  Message m = message("tool", std::move(content));
  m.tool_call_id = std::move(call_id);
  m.name = std::move(name);
  return m;
}

// A request with one user message.
inline ChatRequest ask(std::string text, std::string model) {
  ChatRequest r;
  r.model = std::move(model);
  r.messages.push_back(message("user", std::move(text)));
  return r;
}

// `bytes` cut into pieces of `size` bytes (the last may be shorter).
inline std::vector<std::string> pieces(const std::string& bytes, std::size_t size) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < bytes.size(); at += size) out.push_back(bytes.substr(at, size));
  return out;
}

// An answer with `status`, `content_type` and the body in `chunks`.
inline FakeHttpResponse streamed(int status, std::vector<std::string> chunks, std::string content_type) {
  FakeHttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", std::move(content_type)}};
  r.chunks = std::move(chunks);
  return r;
}

// The exchange fails before any answer, as the host reports a refused connection.
inline FakeHttpResponse transport_error(ah_status status, std::string message) {
  FakeHttpResponse r;
  r.error = status;
  r.error_message = std::move(message);
  return r;
}

inline std::vector<std::string> texts_of(const CallResult& r, ah_event_type type) {
  std::vector<std::string> out;
  for (const Event& e : r.of(type)) out.push_back(e.text);
  return out;
}

} // namespace agenthost::testing
