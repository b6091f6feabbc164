// What the API does with turns: post a user message (which starts a turn) and cancel the
// running turn.
#pragma once

#include "queue/job.hpp"
#include "queue/job_store.hpp"
#include "queue/worker_pools.hpp"
#include "runtime/backend_caller.hpp"
#include "runtime/turn_recovery.hpp"
#include "store/conversation_store.hpp"
#include "store/database.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace agenthost::runtime {

class TurnService {
public:
  // Every reference outlives the service. `backend_policies` gives the character ratio the
  // user message's token estimate is made with (empty: the default ratio).
  TurnService(store::Database& database, queue::JobStore& jobs, queue::WorkerPools& pools, TurnRecovery& recovery,
              std::function<BackendPolicy(const std::string&)> backend_policies = {})
      : database_(database), jobs_(jobs), pools_(pools), recovery_(recovery),
        backend_policies_(std::move(backend_policies)) {}

  struct Posted {
    store::MessageRecord message;
    queue::JobRecord job;
  };

  // Stores the user message, enqueues its turn job and marks the conversation running, all in
  // one transaction, then wakes the workers. Throws Error(not_found) for an unknown (or another
  // owner's) conversation, Error(conflict) while a turn runs, Error(unprocessable) for an
  // attachment the owner does not have.
  Posted post_message(std::string_view owner_id, std::string_view conversation_id, const store::NewMessage& message);

  // Asks the running turn to stop (it ends with turn.cancelled within a second); a turn still
  // queued is cancelled at once. Throws Error(not_found) as above, Error(conflict) when no turn
  // runs. Returns the turn's job id.
  std::string cancel(std::string_view owner_id, std::string_view conversation_id);

private:
  // The estimator for a message of the conversation: its agent's backend ratio for its model.
  store::MessageTokenEstimate message_estimate(store::Connection& open_transaction,
                                               std::string_view conversation_id) const;

  store::Database& database_;
  queue::JobStore& jobs_;
  queue::WorkerPools& pools_;
  TurnRecovery& recovery_;
  std::function<BackendPolicy(const std::string&)> backend_policies_;
};

} // namespace agenthost::runtime
