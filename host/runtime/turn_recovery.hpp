// Ends a turn whose job stopped behind the turn loop's back: its worker died (worker_lost), the
// queue timed it out or released it at shutdown, or it was cancelled while still queued. The
// transcript and the conversation are left as a finished turn would leave them: the partial
// reply (rebuilt from the turn's message.delta events) kept as an `incomplete` assistant
// message, every unfinished tool call failed, the conversation no longer running, and exactly
// one terminal event in the log.
#pragma once

#include "events/event_log.hpp"
#include "queue/job.hpp"
#include "runtime/message_renderer.hpp"
#include "store/database.hpp"

#include <string_view>

namespace agenthost::runtime {

class TurnRecovery {
public:
  TurnRecovery(store::Database& database, events::EventLog& events, MessageRenderer render)
      : database_(database), events_(events), render_(std::move(render)) {}

  // Idempotent: a second call (here or on another host) finds the turn ended and does nothing.
  // `error_type` "cancelled" ends it with turn.cancelled and the conversation idle; anything
  // else with turn.failed {"error":{"type": error_type, ...}} and the conversation failed.
  void end_turn(const queue::JobRecord& job, std::string_view error_type);

private:
  store::Database& database_;
  events::EventLog& events_;
  MessageRenderer render_;
};

} // namespace agenthost::runtime
