#include "runtime/turn_runner.hpp"

#include "runtime/turn_loop.hpp"
#include "store/timestamps.hpp"

namespace agenthost::runtime {

TurnRunner::TurnRunner(TurnDependencies dependencies, TurnSettings settings)
    : dependencies_(std::move(dependencies)), settings_(settings), tool_specs_(dependencies_.instances),
      context_windows_(dependencies_.instances), recovery_(dependencies_.database, dependencies_.events, dependencies_.render_message) {}

queue::JobOutcome TurnRunner::run(queue::JobContext& context) {
  TurnLoop turn(dependencies_, settings_, tool_specs_, context_windows_, context);
  return turn.run();
}

void TurnRunner::abandoned(const queue::JobRecord& job, std::string_view error_type) {
  try {
    recovery_.end_turn(job, error_type);
  } catch (const std::exception& error) {
    // The next recovery pass (or host) tries again: end_turn is idempotent.
    dependencies_.logger->error("could not end an abandoned turn",
                                {{"job", job.id}, {"error_type", error_type}, {"error", error.what()}});
  }
}

void TurnRunner::reconcile() {
  const std::int64_t finished_before = store::now_ms() - settings_.reconcile_settle.count();
  for (const TurnRecovery::OrphanedTurn& orphan : recovery_.find_orphaned(finished_before)) {
    const std::string conversation_id = orphan.job.conversation_id.value_or("");
    try {
      recovery_.end_turn(orphan.job, orphan.error_type);
      dependencies_.logger->warn("ended a turn left running by a host that stopped before ending it",
                                 {{"job", orphan.job.id}, {"conversation", conversation_id},
                                  {"error_type", orphan.error_type}});
    } catch (const std::exception& error) {
      // One broken conversation must not keep the others running; the next pass tries again.
      dependencies_.logger->error("could not end an orphaned turn", {{"job", orphan.job.id},
                                                                     {"conversation", conversation_id},
                                                                     {"error", error.what()}});
    }
  }
}

} // namespace agenthost::runtime
