#include "runtime/turn_service.hpp"

#include "common/error.hpp"
#include "runtime/context_messages.hpp"
#include "runtime/turn_runner.hpp"
#include "store/ids.hpp"

#include <agenthost/json.hpp>

namespace agenthost::runtime {

store::MessageTokenEstimate TurnService::message_estimate(store::Connection& connection,
                                                          std::string_view conversation_id) const {
  const std::optional<store::Row> agent =
      connection.query_one("SELECT a.backend, a.model FROM conversations c JOIN agents a ON a.id = c.agent_id "
                           "WHERE c.id = ?",
                           {std::string(conversation_id)});
  const std::string backend = agent ? agent->text(0) : "";
  const std::string model = agent ? agent->text(1) : "";
  const MessageTokens tokens(backend_policies_ ? backend_policies_(backend) : BackendPolicy{}, model);
  return [tokens](const store::NewMessage& message) { return tokens.stored_estimate(message); };
}

TurnService::Posted TurnService::post_message(std::string_view owner_id, std::string_view conversation_id,
                                              const store::NewMessage& message) {
  store::ConversationStore conversations(database_);
  Posted posted = database_.transaction([&](store::Connection& connection) {
    // The job first, so its id can mark the conversation; if the conversation refuses (404,
    // 409) the whole transaction, job included, rolls back.
    const std::string message_id = store::new_id("msg_");
    queue::JobSpec spec;
    spec.type = kTurnJobType;
    spec.queue = queue::kQueueDefault;
    spec.max_attempts = 1; // a turn streams to users and calls tools: never run twice
    spec.owner_id = std::string(owner_id);
    spec.conversation_id = std::string(conversation_id);
    spec.payload_json = json::dump(
        json::Value::object({{"conversation_id", std::string(conversation_id)}, {"message_id", message_id}}));
    queue::JobRecord job = jobs_.enqueue(connection, spec);
    conversations.claim_for_turn(connection, owner_id, conversation_id, job.id);
    // The message's token estimate is made once, here, with its agent's character ratio.
    store::ConversationStore estimating(database_, message_estimate(connection, conversation_id));
    store::MessageRecord stored = estimating.insert_message(connection, owner_id, conversation_id, message, message_id);
    return Posted{std::move(stored), std::move(job)};
  });
  pools_.wake();
  return posted;
}

std::string TurnService::cancel(std::string_view owner_id, std::string_view conversation_id) {
  store::ConversationStore conversations(database_);
  const std::optional<store::ConversationRecord> conversation = conversations.find(owner_id, conversation_id);
  if (!conversation) {
    throw Error(ErrorKind::not_found, "conversation '" + std::string(conversation_id) +
                                          "' not found; list yours with GET /api/v1/conversations");
  }
  if (!conversation->active_job_id) {
    throw Error(ErrorKind::conflict, "no turn is running in conversation " + std::string(conversation_id) +
                                         "; there is nothing to cancel");
  }
  const std::string job_id = *conversation->active_job_id;
  pools_.cancel(job_id);
  // A turn still queued was cancelled in the store at once and will never run: end it here.
  if (const std::optional<queue::JobRecord> job = jobs_.find(job_id);
      job && job->state == queue::kStateCancelled && !job->started_at) {
    recovery_.end_turn(*job, queue::kErrorCancelled);
  }
  return job_id;
}

} // namespace agenthost::runtime
