// The events one turn appends to its conversation's log, each tagged with the turn's job id.
// The event types and their data are the API's (see docs/openapi.yaml, "events").
#pragma once

#include "events/event_log.hpp"
#include "store/records.hpp"

#include <agenthost/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace agenthost::runtime {

struct TurnUsage {
  std::int64_t input_tokens = 0;
  std::int64_t output_tokens = 0;
  std::int64_t total() const { return input_tokens + output_tokens; }
  json::Value to_json() const;
};

// Event type names.
inline constexpr const char* kTurnStarted = "turn.started";
inline constexpr const char* kMessageDelta = "message.delta";
inline constexpr const char* kToolCallStarted = "tool_call.started";
inline constexpr const char* kToolCallCompleted = "tool_call.completed";
inline constexpr const char* kMessageCompleted = "message.completed";
inline constexpr const char* kTurnCompleted = "turn.completed";
inline constexpr const char* kTurnFailed = "turn.failed";
inline constexpr const char* kTurnCancelled = "turn.cancelled";
inline constexpr const char* kTurnWarning = "turn.warning";

bool is_terminal_event(std::string_view type);

class TurnEvents {
public:
  TurnEvents(events::EventLog& log, std::string conversation_id, std::string job_id)
      : log_(log), conversation_id_(std::move(conversation_id)), job_id_(std::move(job_id)) {}

  // `context`: what the context filter did before the first backend call (context_filter.hpp);
  // null when the turn ended before it ran.
  void started(const json::Value& context = json::Value());
  // A warning the turn's watchers should see (a strategy's, the fault layer's): {"message"}.
  void warning(const std::string& message);
  void delta(const std::string& text);
  void tool_call_started(const store::ToolCallRecord& call);
  // {"id","name","result"} for a succeeded call, {"id","name","error"} otherwise.
  void tool_call_completed(const store::ToolCallRecord& call);
  // `message`: the Message JSON as GET /api/v1/conversations/{id} shows it.
  void message_completed(json::Value message);
  void completed(const TurnUsage& usage);
  void failed(std::string_view error_type, std::string_view message);
  void cancelled();

private:
  void append(const char* type, const json::Value& data);

  events::EventLog& log_;
  std::string conversation_id_;
  std::string job_id_;
};

} // namespace agenthost::runtime
