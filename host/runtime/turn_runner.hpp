// The job handler of type "turn" (payload {"conversation_id","message_id"}): answers the
// conversation's latest user message. Loads agent, tools and history; streams the backend,
// publishing text as message.delta events; runs the tool calls the model asks for and feeds
// the results back, up to [runtime] max_iterations backend calls; stores the assistant
// message(s), tool calls and results; updates the conversation; ends with exactly one of
// turn.completed, turn.failed or turn.cancelled.
#pragma once

#include "runtime/backend_caller.hpp"
#include "common/logger.hpp"
#include "events/event_log.hpp"
#include "plugins/instance.hpp"
#include "queue/job_handler.hpp"
#include "runtime/context_window.hpp"
#include "runtime/message_renderer.hpp"
#include "runtime/turn_context.hpp"
#include "runtime/turn_recovery.hpp"
#include "store/database.hpp"

#include <chrono>
#include <functional>
#include <memory>

namespace agenthost::runtime {

inline constexpr const char* kTurnJobType = "turn";

struct TurnSettings {
  int max_iterations = 8;                        // [runtime] max_iterations
  std::chrono::milliseconds tool_timeout{60000}; // [runtime] tool_timeout_seconds
  std::chrono::milliseconds coalesce{30};        // [events] coalesce_ms
  // reconcile() leaves turns whose job finished less than this ago to the host that finished
  // it (its abandoned() is about to end the turn).
  std::chrono::milliseconds reconcile_settle{10000};
};

// What the turn loop works with; every reference outlives the runner.
struct TurnDependencies {
  store::Database& database;
  events::EventLog& events;
  const plugins::InstanceDirectory& instances;
  MessageRenderer render_message;
  std::shared_ptr<Logger> logger;
  // Each backend's retries, deadlines, fallback, character ratios, context windows and safety
  // margin ([backend.NAME] host settings); empty: the defaults for every backend.
  std::function<BackendPolicy(const std::string&)> backend_policies = {};
};

class TurnRunner : public queue::JobHandler {
public:
  TurnRunner(TurnDependencies dependencies, TurnSettings settings);

  queue::JobOutcome run(queue::JobContext& context) override;
  void abandoned(const queue::JobRecord& job, std::string_view error_type) override;
  // Ends turns whose job finished (or vanished) while the conversation still runs them: the
  // host died between the queue failing the job and abandoned() (TurnRecovery::reconcile).
  void reconcile() override;

  const TurnSettings& settings() const { return settings_; }

private:
  TurnDependencies dependencies_;
  TurnSettings settings_;
  ToolSpecs tool_specs_;
  ContextWindows context_windows_; // describe() answers, shared by every turn
  TurnRecovery recovery_;
};

} // namespace agenthost::runtime
