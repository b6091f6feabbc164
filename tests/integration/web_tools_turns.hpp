// What the web tools' tests share: a deployment whose `demo` agent runs on the scripted backend
// with web tool instances of the test's choosing, a script built in the test, and turns run to
// the end with their events and their job record (GET /api/v1/jobs/{id}, where the cache counters are).
#pragma once

#include "agenthost/json.hpp"
#include "sse_client.hpp"
#include "turn_scenarios.hpp"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace agenthost::integration {

// Script pieces for the scripted backend (plugins/backends/scripted/README.md): a tool call, and
// a reply that makes `calls` (in parallel) when the user's message contains `match`, then says
// `then_text` once their results are back.
json::Value scripted_call(const std::string& tool, json::Value arguments);
json::Value scripted_reply(const std::string& match, const std::vector<json::Value>& calls,
                           const std::string& then_text = "Done.");

// `agenthost serve` on a scratch deployment: [backend.demo] plays `replies`; `tool_sections` is
// config text with the [tool.X] sections; the `demo` agent uses `tools` ("a, b"). `store_url` ""
// is the default SQLite file.
class WebToolsHost {
public:
  WebToolsHost(const std::vector<json::Value>& replies, const std::string& tool_sections, const std::string& tools,
               const std::string& store_url = "");

  bool started() const { return host_.port.has_value(); }
  std::string output() const; // what serve printed, for assertion messages
  const TurnClient& client() const { return client_; }
  // Stops serve; its exit status (nullopt when it did not stop in time).
  std::optional<int> stop_host();
  // For a serve that refused to start: its exit status once it ended (bounded wait).
  std::optional<int> exit_status();
  // Stops serve and starts it again on the same config and data; whether it stopped with 0 and
  // listens again. client() then talks to the new process with the same admin token.
  bool restart();

private:
  ScratchDeployment deployment_;
  RunningHost host_;
  TurnClient client_;
};

// One conversation with the demo agent, holding the id of the last event it has read.
struct WebConversation {
  std::string id;
  std::int64_t last_event_id = 0;
};

struct FinishedTurn {
  int post_status = 0;
  std::vector<SseEvent> events; // turn.started .. the terminal event
  json::Value job;              // the turn's job once terminal, as GET /api/v1/jobs/{id} shows it

  std::string terminal_type() const;          // "turn.completed", ... or "" when none came
  std::vector<SseEvent> tool_results() const; // the tool_call.completed events
  // The tool_call.completed data ({"id","name","result"|"error"}) of the call whose arguments had
  // `argument` == `value` (calls run in parallel and complete in any order); null when none.
  json::Value completed_call(const std::string& argument, const std::string& value) const;
  // A counter of the turn's cache report: job.result.cache.by_instance[scope][name]; -1 when absent.
  std::int64_t cache_count(const std::string& scope, const std::string& name) const;
  std::string describe() const; // the event types and the job, for assertion messages
};

// Posts `message`, follows the events to the turn's terminal event and reads its job.
FinishedTurn run_turn(const TurnClient& client, WebConversation& conversation, const std::string& message);

// A new conversation with one turn of `message`.
FinishedTurn run_turn_in_new_conversation(const TurnClient& client, const std::string& message);

} // namespace agenthost::integration
