// The supervisor thread (timeouts, lease renewal, recovery of dead workers' jobs, recurring
// jobs) and the graceful stop.
#include "queue/worker_pools_impl.hpp"

#include "store/timestamps.hpp"

#include <set>

namespace agenthost::queue {

void WorkerPools::Impl::supervisor_loop() {
  auto next_heartbeat = SteadyClock::now() + heartbeat_interval_;
  auto next_recovery = SteadyClock::now() + recovery_interval_;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!supervisor_stop_) {
    supervisor_wake_.wait_for(lock, tuning_.supervisor_tick, [&] { return supervisor_stop_; });
    if (supervisor_stop_) break;
    lock.unlock();
    // Each duty on its own: a database hiccup in one must not starve the others.
    try {
      enforce_timeouts();
    } catch (const std::exception& error) {
      logger_->error("enforcing job timeouts failed", {{"error", error.what()}});
    }
    const auto now = SteadyClock::now();
    if (now >= next_heartbeat) {
      next_heartbeat = now + heartbeat_interval_;
      try {
        renew_leases();
      } catch (const std::exception& error) {
        logger_->error("renewing job leases failed; jobs may be recovered as lost if this persists",
                       {{"error", error.what()}});
      }
    }
    if (now >= next_recovery) {
      next_recovery = now + recovery_interval_;
      try {
        recover();
      } catch (const std::exception& error) {
        logger_->error("recovering expired job leases failed", {{"error", error.what()}});
      }
      reconcile_handlers();
    }
    try {
      enqueue_scheduled();
    } catch (const std::exception& error) {
      logger_->error("enqueueing a recurring job failed", {{"error", error.what()}});
    }
    lock.lock();
  }
}

void WorkerPools::Impl::enforce_timeouts() {
  std::vector<std::shared_ptr<RunningJob>> overdue;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto now = SteadyClock::now();
    for (auto& [id, running] : running_) {
      if (running->taken_over) continue;
      if (!running->timed_out_at && now >= running->deadline) {
        running->timed_out_at = now;
        running->context->request_cancel(CancelReason::timeout);
        logger_->warn("job ran past its timeout; its handler is told to stop",
                      {{"job_id", id}, {"type", running->job.type}, {"timeout_seconds", running->job.timeout_seconds}});
      } else if (running->timed_out_at && now >= *running->timed_out_at + tuning_.timeout_grace) {
        running->taken_over = true;
        overdue.push_back(running);
      }
    }
  }
  for (const auto& running : overdue) {
    logger_->error("job handler ignored its timeout; the job is failed and its worker replaced",
                   {{"job_id", running->job.id}, {"type", running->job.type}, {"pool", running->pool.name}});
    settle_behind_handler(*running, kErrorTimeout,
                          "ran longer than its timeout of " + std::to_string(running->job.timeout_seconds) + " s");
    bool stopping = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping = stopping_;
    }
    if (!stopping) start_worker(running->pool);
  }
}

void WorkerPools::Impl::renew_leases() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (running_.empty()) return;
  }
  const auto renewed_at = SteadyClock::now();
  const std::vector<LeaseStatus> leases = store_.heartbeat(worker_id_, lease_ms_);
  std::set<std::string> held;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const LeaseStatus& lease : leases) {
    held.insert(lease.id);
    auto it = running_.find(lease.id);
    // A cancel requested through another host reaches the handler here.
    if (lease.cancel_requested && it != running_.end()) it->second->context->request_cancel(CancelReason::requested);
  }
  for (auto& [id, running] : running_) {
    // Claimed after the heartbeat statement ran: its lease is fresh, not lost.
    if (running->claimed_at >= renewed_at || running->taken_over || held.count(id) != 0) continue;
    // Recovered by another host while this one could not renew (paused, or cut off from the
    // database): the job is not ours anymore, so the handler stops and nothing is recorded.
    running->context->request_cancel(CancelReason::shutdown);
    logger_->warn("a running job's lease was lost; its handler is told to stop", {{"job_id", id}, {"type", running->job.type}});
  }
}

void WorkerPools::Impl::recover() {
  const std::vector<RecoveredJob> recovered = store_.recover_expired(store::now_ms());
  for (const RecoveredJob& item : recovered) {
    const JobRecord& job = item.job;
    if (item.requeued) {
      logger_->warn("recovered a job from a lost worker; it will be retried",
                    {{"job_id", job.id}, {"type", job.type}, {"attempts", job.attempts}});
      wake();
      continue;
    }
    logger_->warn("recovered a job from a lost worker; no attempts left, so it failed with worker_lost",
                  {{"job_id", job.id}, {"type", job.type}, {"attempts", job.attempts}});
    auto handler = handlers_.find(job.type);
    if (handler == handlers_.end()) {
      logger_->error("no handler for a recovered job's type on this host; its domain state is not fixed",
                     {{"job_id", job.id}, {"type", job.type}});
      continue;
    }
    call_abandoned(job, handler->second, kErrorWorkerLost);
  }
}

void WorkerPools::Impl::reconcile_handlers() {
  for (const auto& [type, handler] : handlers_) { // fixed after start()
    try {
      handler->reconcile();
    } catch (const std::exception& error) {
      logger_->error("a job handler's reconcile() failed; it is tried again at the next recovery interval",
                     {{"type", type}, {"error", error.what()}});
    }
  }
}

void WorkerPools::Impl::enqueue_scheduled() {
  const auto now = SteadyClock::now();
  for (Schedule& schedule : schedules_) { // fixed after start(); only this thread touches next_due
    if (now < schedule.next_due) continue;
    schedule.next_due = now + schedule.interval;
    JobSpec spec;
    spec.type = schedule.type;
    spec.queue = schedule.queue;
    if (store_.enqueue_unless_queued(spec)) wake();
  }
}

void WorkerPools::Impl::call_abandoned(const JobRecord& job, std::shared_ptr<JobHandler> handler,
                                       std::string_view error_type) {
  try {
    handler->abandoned(job, error_type);
  } catch (const std::exception& error) {
    logger_->error("a job handler's abandoned() threw; the job's domain state may need fixing by hand",
                   {{"job_id", job.id}, {"type", job.type}, {"error", error.what()}});
  }
}

bool WorkerPools::Impl::stop(std::chrono::milliseconds grace) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!started_ || stopped_) {
    stopped_ = true;
    return true;
  }
  stopped_ = true;
  stopping_ = true;
  work_available_.notify_all();
  logger_->info("job workers stopping", {{"running", running_.size()}, {"grace_ms", grace.count()}});
  const bool finished_in_grace = state_changed_.wait_for(lock, grace, [&] { return running_.empty(); });
  if (!finished_in_grace) {
    for (auto& [id, running] : running_) running->context->request_cancel(CancelReason::shutdown);
    // Handlers that honour the flag return now, and record() releases their jobs.
    state_changed_.wait_for(lock, tuning_.timeout_grace, [&] { return running_.empty(); });
    std::vector<std::shared_ptr<RunningJob>> stuck;
    for (auto& [id, running] : running_) {
      if (running->taken_over) continue;
      running->taken_over = true;
      stuck.push_back(running);
    }
    lock.unlock();
    for (const auto& running : stuck) {
      logger_->error("job handler ignored the shutdown; its job is released and its thread left behind",
                     {{"job_id", running->job.id}, {"type", running->job.type}});
      settle_behind_handler(*running, kErrorShutdown, "the host shut down while it ran");
    }
    lock.lock();
  }
  supervisor_stop_ = true;
  supervisor_wake_.notify_all();
  lock.unlock();
  if (supervisor_.joinable()) supervisor_.join();
  lock.lock();
  // Workers still recording an outcome use the store: wait for them. Only workers stuck in a
  // handler (all taken over) stay behind.
  state_changed_.wait_for(lock, std::chrono::seconds(30),
                          [&] { return live_workers_ <= static_cast<int>(running_.size()); });
  logger_->info("job workers stopped", {{"left_behind", running_.size()}, {"all_finished", finished_in_grace}});
  return finished_in_grace;
}

} // namespace agenthost::queue
