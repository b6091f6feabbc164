// What the turn tests share: a deployment whose `demo` agent runs on the scripted backend with
// the calculator and clock tools, a client for it, and the streamed-turn scenario that runs on
// both store engines.
#pragma once

#include "agenthost/json.hpp"
#include "api_client.hpp"
#include "scratch_deployment.hpp"
#include "sse_client.hpp"

#include <string>

namespace agenthost::integration {

// A config for the turn tests: the repository's demo script (config/demo-script.json) played
// with `token_delay_ms`, `store_url` ("" for the default SQLite file) and extra sections.
std::string turn_test_config(int token_delay_ms, const std::string& store_url = "", const std::string& extra = "");

// The admin's view of a running host: token, the demo agent, conversations and messages.
class TurnClient {
public:
  explicit TurnClient(const RunningHost& host);
  TurnClient(int port, std::string token);

  int port() const { return port_; }
  const std::string& token() const { return token_; }
  // A new conversation with the `demo` agent; its id.
  std::string new_conversation() const;
  HttpReply post_message(const std::string& conversation_id, const std::string& content) const;
  HttpReply cancel(const std::string& conversation_id) const;
  json::Value conversation(const std::string& conversation_id) const;
  SseClient events(const std::string& conversation_id, const std::string& query = "?after=0") const;

private:
  int port_;
  std::string token_;
};

// "What is 6 * 7?" answered through the calculator, checked on the SSE stream (order, job ids,
// text, tool events, exactly one terminal event) and in the stored transcript.
void expect_streamed_tool_turn(const TurnClient& client);

} // namespace agenthost::integration
