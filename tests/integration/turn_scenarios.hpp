// What the turn tests share: a deployment whose `demo` agent runs on the scripted backend with
// the calculator and clock tools, a client for it, and the scenarios that run on both store
// engines (SQLite in turns_test.cpp, PostgreSQL in turns_postgres_test.cpp).
#pragma once

#include "agenthost/json.hpp"
#include "api_client.hpp"
#include "scratch_deployment.hpp"
#include "sse_client.hpp"

#include <cstddef>
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

// The scenarios below start their own host on `store_url` ("" for the default SQLite file).

// A second POST while a turn runs is refused (409); cancel mid-reply ends the turn with
// turn.cancelled and keeps the streamed text as an incomplete message; the next turn runs.
// (interrupted_turn_scenarios.cpp)
void expect_one_turn_at_a_time_and_cancel(const std::string& store_url);

// kill -9 mid-reply, then a restart: the turn fails with worker_lost, the streamed text is kept as
// an incomplete message, the conversation is not stuck running, and a new message completes.
// (interrupted_turn_scenarios.cpp)
void expect_kill_nine_mid_turn_recovery(const std::string& store_url);

// `watchers` event streams held open on one conversation of a host with `[server] threads = 32`
// that starts with a soft open-file limit of 1,024 (it must raise its own): /health answers,
// a turn with a tool call runs, and every watcher receives all of its events, identical and in
// order, through turn.completed. (many_watchers_scenario.cpp)
void expect_many_watchers_see_a_turn(const std::string& store_url, std::size_t watchers);

} // namespace agenthost::integration
