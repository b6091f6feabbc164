#include "runtime/turn_recovery.hpp"

#include "runtime/turn_events.hpp"
#include "store/conversation_store.hpp"

#include <string>

namespace agenthost::runtime {
namespace {

constexpr const char* kErrorJobMissing = "job_missing";

// What the log says about one turn: the reply text streamed since its last stored message,
// and whether it already ended.
struct LoggedTurn {
  std::string unsaved_text;
  bool ended = false;
};

LoggedTurn read_logged_turn(events::EventLog& log, const std::string& conversation_id, const std::string& job_id) {
  constexpr std::size_t kPage = 500;
  LoggedTurn turn;
  std::int64_t after = 0;
  for (;;) {
    const std::vector<events::Event> page = log.read_after(conversation_id, after, kPage);
    for (const events::Event& event : page) {
      after = event.seq;
      if (event.job_id != job_id) continue;
      if (event.type == kMessageDelta) {
        try {
          turn.unsaved_text += json::parse(event.data_json).get_or("text", "");
        } catch (const json::ParseError&) {
          // Written by this host as JSON; a damaged row loses its piece, not the recovery.
        }
      } else if (event.type == kMessageCompleted) {
        turn.unsaved_text.clear(); // stored with that message already
      } else if (is_terminal_event(event.type)) {
        turn.ended = true;
      }
    }
    if (page.size() < kPage) return turn;
  }
}

std::string describe_end(std::string_view error_type) {
  if (error_type == "worker_lost") return "the host running the turn stopped (crashed or was killed) mid-turn";
  if (error_type == "timeout") return "the turn ran past its job timeout and was stopped";
  if (error_type == "shutdown") return "the host shut down before the turn finished";
  if (error_type == "cancelled") return "the turn was cancelled";
  if (error_type == kErrorJobMissing) return "the turn's job no longer exists in the queue, so the turn cannot finish";
  return "the turn's job ended with " + std::string(error_type);
}

} // namespace

void TurnRecovery::end_turn(const queue::JobRecord& job, std::string_view error_type) {
  if (!job.owner_id || !job.conversation_id) return; // not a turn this host could have started
  const std::string& owner = *job.owner_id;
  const std::string& conversation_id = *job.conversation_id;
  store::ConversationStore conversations(database_);
  const bool cancelled = error_type == "cancelled";
  const std::string reason = describe_end(error_type);

  const LoggedTurn logged = read_logged_turn(events_, conversation_id, job.id);
  // Ending the turn in the conversation row is the claim: of two recoveries only one gets it,
  // so the partial reply is stored once. The conversation is deleted: nothing to fix.
  const bool claimed = conversations.finish_turn(conversation_id, job.id, cancelled ? "idle" : "failed", 0);
  TurnEvents events(events_, conversation_id, job.id);
  if (claimed) {
    if (!logged.unsaved_text.empty()) {
      store::NewMessage partial;
      partial.role = "assistant";
      partial.content = logged.unsaved_text;
      partial.status = "incomplete";
      const store::MessageRecord stored = conversations.append_message(owner, conversation_id, partial);
      events.message_completed(render_(stored));
    }
    for (const store::ToolCallRecord& call :
         conversations.fail_pending_tool_calls(owner, conversation_id, reason + " before this tool call finished")) {
      events.tool_call_completed(call);
    }
  }
  if (logged.ended) return;
  if (!claimed && !conversations.find(owner, conversation_id)) return;
  if (cancelled) {
    events.cancelled();
  } else {
    events.failed(error_type, reason);
  }
}

std::vector<TurnRecovery::OrphanedTurn> TurnRecovery::find_orphaned(std::int64_t finished_before_ms) {
  store::Connection connection = database_.connect();
  // A turn job is enqueued in the transaction that sets active_job_id, so "no such job" is never
  // a turn still being posted.
  const store::Rows rows = connection.query(
      "SELECT c.id, c.owner_id, c.active_job_id, j.id, j.state, j.error_type "
      "FROM conversations c LEFT JOIN jobs j ON j.id = c.active_job_id "
      "WHERE c.active_job_id IS NOT NULL AND (j.id IS NULL OR "
      "(j.state IN ('succeeded', 'failed', 'cancelled') AND COALESCE(j.finished_at, j.updated_at) <= ?))",
      {finished_before_ms});
  std::vector<OrphanedTurn> orphans;
  for (const store::Row& row : rows) {
    OrphanedTurn orphan;
    orphan.job.id = row.text(2);
    orphan.job.type = "turn";
    orphan.job.conversation_id = row.text(0);
    orphan.job.owner_id = row.text(1);
    if (row.is_null(3)) {
      orphan.error_type = kErrorJobMissing;
    } else {
      orphan.job.state = row.text(4);
      orphan.job.error_type = row.optional_text(5);
      orphan.error_type = orphan.job.state == queue::kStateCancelled
                              ? std::string(queue::kErrorCancelled)
                              : orphan.job.error_type.value_or(queue::kErrorFailed);
    }
    orphans.push_back(std::move(orphan));
  }
  return orphans;
}

} // namespace agenthost::runtime
