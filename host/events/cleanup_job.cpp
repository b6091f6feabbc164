#include "events/cleanup_job.hpp"

#include "common/error.hpp"
#include "store/timestamps.hpp"

#include <string>

namespace agenthost::events {

CleanupJob::CleanupJob(EventLog& log, std::chrono::seconds ttl, std::shared_ptr<Logger> logger, Clock now_ms)
    : log_(log), ttl_(ttl), logger_(std::move(logger)), now_ms_(std::move(now_ms)) {
  if (ttl_.count() < 1)
    throw Error(ErrorKind::config, "[events] ttl must be at least 1 second; got " + std::to_string(ttl_.count()));
  if (!now_ms_) now_ms_ = [] { return store::now_ms(); };
}

queue::JobOutcome CleanupJob::run(queue::JobContext&) {
  const std::int64_t cutoff = now_ms_() - static_cast<std::int64_t>(ttl_.count()) * 1000;
  const std::size_t deleted = log_.delete_older_than(cutoff);
  if (logger_ && deleted > 0) logger_->info("expired events deleted", {{"deleted", deleted}, {"cutoff_ms", cutoff}});
  return queue::JobOutcome::succeeded("{\"deleted\":" + std::to_string(deleted) + ",\"cutoff\":" +
                                      std::to_string(cutoff) + "}");
}

} // namespace agenthost::events
