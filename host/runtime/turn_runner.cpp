#include "runtime/turn_runner.hpp"

#include "runtime/turn_loop.hpp"

namespace agenthost::runtime {

TurnRunner::TurnRunner(TurnDependencies dependencies, TurnSettings settings)
    : dependencies_(std::move(dependencies)), settings_(settings), tool_specs_(dependencies_.instances),
      recovery_(dependencies_.database, dependencies_.events, dependencies_.render_message) {}

queue::JobOutcome TurnRunner::run(queue::JobContext& context) {
  TurnLoop turn(dependencies_, settings_, tool_specs_, context);
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

} // namespace agenthost::runtime
