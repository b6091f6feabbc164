// The "events.cleanup" job: deletes events older than [events] ttl. Scheduled on the `low`
// queue every [events] cleanup_interval_seconds:
//   pools.register_handler(events::kCleanupJobType, std::make_shared<events::CleanupJob>(log, ttl, logger));
//   pools.schedule_every(events::kCleanupJobType, events::kCleanupQueue, interval);
#pragma once

#include "common/logger.hpp"
#include "events/event_log.hpp"
#include "queue/job_handler.hpp"

#include <chrono>
#include <functional>
#include <memory>

namespace agenthost::events {

inline constexpr const char* kCleanupJobType = "events.cleanup";
inline constexpr const char* kCleanupQueue = "low";

class CleanupJob : public queue::JobHandler {
public:
  using Clock = std::function<std::int64_t()>; // Unix ms; injectable for tests
  CleanupJob(EventLog& log, std::chrono::seconds ttl, std::shared_ptr<Logger> logger, Clock now_ms = {});
  // Result: {"deleted": N, "cutoff": <unix ms>}.
  queue::JobOutcome run(queue::JobContext& context) override;

private:
  EventLog& log_;
  std::chrono::seconds ttl_;
  std::shared_ptr<Logger> logger_;
  Clock now_ms_;
};

} // namespace agenthost::events
