#include "queue/worker_pools_impl.hpp"

#include "common/error.hpp"

#include <algorithm>

namespace agenthost::queue {
namespace {

// Queues in priority order, whatever order the config lists them in.
std::vector<std::string> by_priority(std::vector<std::string> queues) {
  auto rank = [](const std::string& queue) { return queue == kQueueHigh ? 0 : queue == kQueueDefault ? 1 : 2; };
  std::stable_sort(queues.begin(), queues.end(),
                   [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
  return queues;
}

} // namespace

WorkerPools::Impl::Impl(JobStore& store, std::vector<config::PoolConfig> pools, config::QueueConfig queue,
                        std::shared_ptr<Logger> logger, WorkerTuning tuning)
    : store_(store), pools_(std::move(pools)), queue_(queue), logger_(std::move(logger)), tuning_(tuning),
      worker_id_(make_worker_id()), random_(std::random_device{}()) {
  if (!logger_) logger_ = std::make_shared<Logger>();
  for (config::PoolConfig& pool : pools_) pool.queues = by_priority(pool.queues);
  lease_ms_ = tuning_.lease_ms_override > 0 ? tuning_.lease_ms_override : std::int64_t{queue_.lease_seconds} * 1000;
  // Renew well before the lease runs out, even when [queue] sets a heartbeat close to the lease.
  heartbeat_interval_ = std::chrono::milliseconds(
      std::max<std::int64_t>(1, std::min<std::int64_t>(std::int64_t{queue_.heartbeat_seconds} * 1000, lease_ms_ / 3)));
  recovery_interval_ = std::chrono::milliseconds(std::max<std::int64_t>(1, std::int64_t{queue_.recovery_interval_seconds} * 1000));
}

void WorkerPools::Impl::start() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (started_) throw Error(ErrorKind::internal, "WorkerPools::start called twice");
    started_ = true;
    for (const auto& [type, handler] : handlers_) types_.push_back(type);
  }
  // Jobs a dead worker left running are settled before anything new runs.
  recover();
  // Domain state a dead host left inconsistent with finished jobs (see JobHandler::reconcile).
  reconcile_handlers();
  for (const config::PoolConfig& pool : pools_) {
    for (int i = 0; i < pool.workers; ++i) start_worker(pool);
  }
  supervisor_ = std::thread([self = shared_from_this()] { self->supervisor_loop(); });
  logger_->info("job workers started", {{"worker", worker_id_}, {"pools", pools_.size()}, {"job_types", types_.size()}});
}

void WorkerPools::Impl::start_worker(const config::PoolConfig& pool) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++live_workers_;
  }
  // Detached: stop() waits for workers through live_workers_, and leaves behind one whose
  // handler ignores its cancel flag instead of hanging the shutdown.
  std::thread([self = shared_from_this(), pool] { self->worker_loop(pool); }).detach();
}

void WorkerPools::Impl::wake() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++wake_generation_;
  work_available_.notify_all();
}

bool WorkerPools::Impl::cancel_local(std::string_view job_id, CancelReason reason) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = running_.find(std::string(job_id));
  if (it == running_.end()) return false;
  it->second->context->request_cancel(reason);
  return true;
}

std::size_t WorkerPools::Impl::running_count() {
  std::lock_guard<std::mutex> lock(mutex_);
  return running_.size();
}

void WorkerPools::Impl::worker_loop(const config::PoolConfig& pool) {
  ClaimRequest request{worker_id_, pool.queues, types_, lease_ms_, pool.timeout_seconds};
  for (;;) {
    std::uint64_t generation = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) break;
      generation = wake_generation_; // taken before the claim, so a wake() during it is not lost
    }
    std::optional<JobRecord> job;
    try {
      job = store_.claim(request);
    } catch (const std::exception& error) {
      logger_->warn("claiming a job failed; retrying after the poll interval",
                    {{"pool", pool.name}, {"error", error.what()}});
    }
    if (job) {
      bool stopping = false;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping = stopping_;
      }
      if (stopping) { // claimed while stop() began: give it back untouched
        try {
          store_.release(job->id, worker_id_);
        } catch (const std::exception& error) {
          logger_->warn("releasing a job claimed during shutdown failed; recovery will requeue it",
                        {{"job_id", job->id}, {"error", error.what()}});
        }
        break;
      }
      // A worker whose handler overran its timeout was replaced when the job was taken over: retire.
      if (run_job(pool, std::move(*job))) break;
      continue;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    work_available_.wait_for(lock, tuning_.poll_interval,
                             [&] { return stopping_ || wake_generation_ != generation; });
  }
  std::lock_guard<std::mutex> lock(mutex_);
  --live_workers_;
  state_changed_.notify_all();
}

bool WorkerPools::Impl::run_job(const config::PoolConfig& pool, JobRecord job) {
  auto running = std::make_shared<RunningJob>();
  running->pool = pool;
  running->handler = handlers_.at(job.type); // claim only takes types with a handler
  running->context = std::make_shared<JobContext>(
      job, [store = &store_, logger = logger_](const std::string& id, const std::string& progress) {
        try {
          store->write_progress(id, progress);
        } catch (const std::exception& error) {
          logger->warn("storing job progress failed", {{"job_id", id}, {"error", error.what()}});
        }
      });
  const int timeout_seconds = job.timeout_seconds > 0 ? job.timeout_seconds : pool.timeout_seconds;
  running->claimed_at = SteadyClock::now();
  running->deadline = running->claimed_at + std::chrono::seconds(timeout_seconds);
  running->job = std::move(job);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    running_[running->job.id] = running;
  }
  logger_->debug("job started", {{"job_id", running->job.id}, {"type", running->job.type},
                                 {"attempt", running->job.attempts}, {"pool", pool.name}});

  JobOutcome outcome;
  try {
    outcome = running->handler->run(*running->context);
  } catch (const std::exception& error) {
    outcome = JobOutcome::retry(std::string("the handler threw: ") + error.what());
  } catch (...) {
    outcome = JobOutcome::retry("the handler threw a non-standard exception");
  }

  bool taken_over = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    running_.erase(running->job.id);
    taken_over = running->taken_over;
    state_changed_.notify_all();
  }
  if (taken_over) {
    logger_->warn("a job's handler returned after the queue had settled the job; its outcome is ignored",
                  {{"job_id", running->job.id}, {"type", running->job.type}});
    return true;
  }
  record(*running, outcome);
  return false;
}

void WorkerPools::Impl::record(const RunningJob& running, const JobOutcome& outcome) {
  const JobRecord& job = running.job;
  const CancelReason reason = running.context->cancel_reason();
  try {
    bool held = true;
    if (outcome.kind == JobOutcome::Kind::succeeded) {
      held = store_.succeed(job.id, worker_id_, outcome.result_json);
    } else if (reason == CancelReason::timeout) {
      settle_behind_handler(running, kErrorTimeout,
                            "ran longer than its timeout of " + std::to_string(job.timeout_seconds) + " s",
                            outcome.result_json);
      return;
    } else if (reason == CancelReason::shutdown) {
      settle_behind_handler(running, kErrorShutdown, "the host shut down while it ran", outcome.result_json);
      return;
    } else if (outcome.kind == JobOutcome::Kind::cancelled || reason == CancelReason::requested) {
      held = store_.cancel_running(job.id, worker_id_, outcome.result_json);
    } else if (outcome.kind == JobOutcome::Kind::failed) {
      held = store_.fail(job.id, worker_id_, outcome.error_type, outcome.message, outcome.result_json);
    } else if (job.attempts < job.max_attempts) {
      std::int64_t delay = 0;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        const double random01 = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
        delay = retry_delay_ms(job.attempts, tuning_.retry_base.count(), tuning_.retry_cap.count(), random01);
      }
      held = store_.retry_later(job.id, worker_id_, delay, outcome.message, outcome.result_json);
      logger_->info("job will be retried", {{"job_id", job.id}, {"type", job.type}, {"attempt", job.attempts},
                                            {"delay_ms", delay}, {"error", outcome.message}});
    } else {
      held = store_.fail(job.id, worker_id_, kErrorFailed, outcome.message, outcome.result_json);
    }
    if (!held) {
      logger_->warn("a job was no longer this worker's when it finished (its lease expired and it was recovered); "
                    "check that heartbeats reach the database",
                    {{"job_id", job.id}, {"type", job.type}});
    }
  } catch (const std::exception& error) {
    // The lease runs out and recovery settles the job; nothing else to do here.
    logger_->error("recording a job's outcome failed; recovery will settle it when its lease expires",
                   {{"job_id", job.id}, {"type", job.type}, {"error", error.what()}});
  }
}

void WorkerPools::Impl::settle_behind_handler(const RunningJob& running, const char* error_type,
                                              const std::string& message, const std::string& result_json) {
  const JobRecord& job = running.job;
  try {
    const bool shutdown = std::string_view(error_type) == kErrorShutdown;
    if (shutdown && job.max_attempts > 1) {
      if (store_.release(job.id, worker_id_)) logger_->info("job released at shutdown", {{"job_id", job.id}, {"type", job.type}});
      return;
    }
    if (!store_.fail(job.id, worker_id_, error_type, message, result_json)) return; // recovery settled it already
    logger_->warn("job failed", {{"job_id", job.id}, {"type", job.type}, {"error_type", error_type}, {"error", message}});
  } catch (const std::exception& error) {
    logger_->error("settling a job failed; recovery will settle it when its lease expires",
                   {{"job_id", job.id}, {"error", error.what()}});
    return;
  }
  call_abandoned(job, running.handler, error_type);
}

// ---- public wrapper ----

WorkerPools::WorkerPools(JobStore& store, std::vector<config::PoolConfig> pools, config::QueueConfig queue,
                         std::shared_ptr<Logger> logger, WorkerTuning tuning)
    : impl_(std::make_shared<Impl>(store, std::move(pools), queue, std::move(logger), tuning)) {}

WorkerPools::~WorkerPools() { impl_->stop(std::chrono::seconds(impl_->queue_.shutdown_grace_seconds)); }

void WorkerPools::register_handler(std::string type, std::shared_ptr<JobHandler> handler) {
  std::lock_guard<std::mutex> lock(impl_->mutex_);
  if (impl_->started_) throw Error(ErrorKind::internal, "register job handlers before WorkerPools::start");
  impl_->handlers_[std::move(type)] = std::move(handler);
}

void WorkerPools::start() { impl_->start(); }
void WorkerPools::wake() { impl_->wake(); }
bool WorkerPools::cancel_local(std::string_view job_id) { return impl_->cancel_local(job_id, CancelReason::requested); }

bool WorkerPools::cancel(std::string_view job_id) {
  const bool changed = impl_->store_.request_cancel(job_id);
  const bool local = impl_->cancel_local(job_id, CancelReason::requested);
  return changed || local;
}

bool WorkerPools::stop(std::chrono::seconds grace) { return impl_->stop(grace); }

void WorkerPools::schedule_every(std::string type, std::string queue, std::chrono::seconds interval) {
  std::lock_guard<std::mutex> lock(impl_->mutex_);
  if (impl_->started_) throw Error(ErrorKind::internal, "schedule recurring jobs before WorkerPools::start");
  impl_->schedules_.push_back(Schedule{std::move(type), std::move(queue), interval, SteadyClock::now()});
}

const std::string& WorkerPools::worker_id() const { return impl_->worker_id_; }
std::size_t WorkerPools::running_count() const { return impl_->running_count(); }

} // namespace agenthost::queue
