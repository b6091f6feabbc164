// One entry of an append-only event log: a conversation's turn events (or a job's progress).
#pragma once

#include <cstdint>
#include <string>

namespace agenthost::events {

struct Event {
  std::string stream_id;   // a conversation's id (or a job's id)
  std::int64_t seq = 0;    // 1, 2, 3, ... per stream; the SSE `id:`
  std::string job_id;      // the turn (job) that produced it; empty when none
  std::string type;        // turn.started, message.delta, ... (the SSE `event:`)
  std::string data_json;   // a one-line JSON object
  std::int64_t created_at = 0; // Unix milliseconds
};

} // namespace agenthost::events
