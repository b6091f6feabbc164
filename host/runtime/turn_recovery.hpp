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

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::runtime {

class TurnRecovery {
public:
  TurnRecovery(store::Database& database, events::EventLog& events, MessageRenderer render)
      : database_(database), events_(events), render_(std::move(render)) {}

  // Idempotent: a second call (here or on another host) finds the turn ended and does nothing.
  // `error_type` "cancelled" ends it with turn.cancelled and the conversation idle; anything
  // else with turn.failed {"error":{"type": error_type, ...}} and the conversation failed.
  void end_turn(const queue::JobRecord& job, std::string_view error_type);

  // A turn the host died ending: its job is finished (failed with worker_lost, timeout or
  // shutdown; cancelled while queued) but the host stopped before end_turn ran, so the
  // conversation still names the job as its running turn. Or the conversation names a job that
  // does not exist at all.
  struct OrphanedTurn {
    queue::JobRecord job;   // id, owner_id, conversation_id and (when the job exists) state, error_type
    std::string error_type; // what end_turn is told: the job's, "cancelled" for a cancelled job,
                            // "job_missing" when the job row is gone
  };
  // The orphaned turns, in one statement joining conversations and jobs. Jobs that finished
  // after `finished_before_ms` are left out: the host that finished them is likely still ending
  // the turn itself (abandoned() runs right after the queue fails a job).
  // end_turn(orphan.job, orphan.error_type) ends each (TurnRunner::reconcile does).
  std::vector<OrphanedTurn> find_orphaned(std::int64_t finished_before_ms);

private:
  store::Database& database_;
  events::EventLog& events_;
  MessageRenderer render_;
};

} // namespace agenthost::runtime
