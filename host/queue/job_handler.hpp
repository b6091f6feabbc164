// The code that runs one job type, and what it gets to see while it runs.
#pragma once

#include "queue/job.hpp"

#include <atomic>
#include <functional>
#include <string>
#include <string_view>

namespace agenthost::queue {

// Handed to JobHandler::run. The cancel flag is raised by a cancel request, the job's timeout
// or shutdown; a handler checks it (or hands cancel_flag() to code that polls it) and returns
// JobOutcome::cancelled() soon after.
class JobContext {
public:
  using ProgressWriter = std::function<void(const std::string& job_id, const std::string& progress_json)>;

  JobContext(JobRecord job, ProgressWriter write_progress)
      : job_(std::move(job)), write_progress_(std::move(write_progress)) {}
  JobContext(const JobContext&) = delete;
  JobContext& operator=(const JobContext&) = delete;

  const JobRecord& job() const { return job_; }
  bool cancelled() const { return cancel_.load(std::memory_order_acquire); }
  const std::atomic<bool>& cancel_flag() const { return cancel_; }
  CancelReason cancel_reason() const { return static_cast<CancelReason>(reason_.load(std::memory_order_acquire)); }
  // Stored on the job row (jobs.progress) at once; one short statement.
  void report_progress(std::string progress_json) {
    if (write_progress_) write_progress_(job_.id, progress_json);
  }

  // For the worker pools: raises the flag. The first reason sticks.
  void request_cancel(CancelReason reason) {
    int expected = static_cast<int>(CancelReason::none);
    reason_.compare_exchange_strong(expected, static_cast<int>(reason), std::memory_order_acq_rel);
    cancel_.store(true, std::memory_order_release);
  }

private:
  JobRecord job_;
  ProgressWriter write_progress_;
  std::atomic<bool> cancel_{false};
  std::atomic<int> reason_{static_cast<int>(CancelReason::none)};
};

class JobHandler {
public:
  virtual ~JobHandler() = default;
  // Runs on a worker thread, holding no database connection. An exception counts as
  // JobOutcome::retry(what()).
  virtual JobOutcome run(JobContext& context) = 0;
  // Called after the queue failed a job behind the handler's back (worker_lost at recovery,
  // timeout, shutdown release of a non-retryable job) so domain state is fixed (a turn keeps
  // partial text, emits turn.failed, clears the conversation's running state). Must be
  // idempotent: it may run on another host than the one that ran the job, or twice.
  virtual void abandoned(const JobRecord& job, std::string_view error_type) {
    (void)job;
    (void)error_type;
  }
  // Called by the supervisor at start (after expired leases are recovered) and at every
  // recovery interval, on every host. Catches what abandoned() missed because the host died
  // between the queue failing a job and abandoned() running: the handler compares its domain
  // state with the jobs table (e.g. a conversation still `running` whose turn job is finished)
  // and fixes it. Must be idempotent and cheap when there is nothing to do (one query).
  virtual void reconcile() {}
};

} // namespace agenthost::queue
