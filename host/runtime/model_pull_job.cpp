#include "runtime/model_pull_job.hpp"

#include "plugins/call_sink.hpp"

#include <agenthost/json.hpp>

#include <mutex>

namespace agenthost::runtime {

namespace {

constexpr const char* kJobProgress = "job.progress";
constexpr const char* kJobSucceeded = "job.succeeded";
constexpr const char* kJobFailed = "job.failed";

// Turns the plugin's PROGRESS events into job.progress events and job-row progress, dropping
// repeats of one status that come faster than the interval (the last one before a change of
// status, and the final one, are what a watcher needs).
class PullProgressSink : public plugins::CallSink {
public:
  PullProgressSink(events::EventLog& events, queue::JobContext& context, std::chrono::milliseconds interval)
      : events_(events), context_(context), interval_(interval) {}

  bool on_event(const ah_event& event) override {
    if (event.type != AH_EVENT_PROGRESS) return true;
    const std::string status(event.text.ptr ? event.text.ptr : "", event.text.ptr ? event.text.len : 0);
    const auto now = std::chrono::steady_clock::now();
    const bool complete = event.total > 0 && event.completed >= event.total;
    if (published_any_ && status == last_status_ && !complete && now - last_published_ < interval_) return true;
    published_any_ = true;
    last_status_ = status;
    last_published_ = now;
    const std::string data = json::dump(json::Value::object({
        {"status", status},
        {"completed", static_cast<std::int64_t>(event.completed)},
        {"total", static_cast<std::int64_t>(event.total)},
    }));
    try {
      const std::string& job_id = context_.job().id;
      events_.append(job_id, job_id, kJobProgress, data);
      context_.report_progress(data);
    } catch (const std::exception& error) {
      // Progress is best effort: the pull goes on; its end is still recorded.
      last_error_ = error.what();
    }
    return true;
  }

  const std::string& last_error() const { return last_error_; }

private:
  events::EventLog& events_;
  queue::JobContext& context_;
  std::chrono::milliseconds interval_;
  bool published_any_ = false;
  std::string last_status_;
  std::chrono::steady_clock::time_point last_published_{};
  std::string last_error_;
};

std::string error_data(const std::string& message) {
  return json::dump(json::Value::object({{"error", message}}));
}

} // namespace

std::string model_pull_payload(std::string_view backend, std::string_view model) {
  return json::dump(json::Value::object({{"backend", std::string(backend)}, {"model", std::string(model)}}));
}

ModelPullJob::ModelPullJob(events::EventLog& events, const plugins::InstanceDirectory& instances,
                           std::shared_ptr<Logger> logger, std::chrono::milliseconds progress_interval)
    : events_(events), instances_(instances), logger_(std::move(logger)), progress_interval_(progress_interval) {}

queue::JobOutcome ModelPullJob::run(queue::JobContext& context) {
  const queue::JobRecord& job = context.job();
  std::string backend_name;
  std::string model;
  try {
    const json::Value payload = json::parse(job.payload_json);
    backend_name = payload["backend"].as_string();
    model = payload["model"].as_string();
  } catch (const std::exception& error) {
    return fail(job, "invalid_payload",
                std::string("the job's payload is not {\"backend\",\"model\"}: ") + error.what());
  }
  plugins::Instance* backend = instances_.find(plugins::ComponentKind::backend, backend_name);
  if (!backend) {
    return fail(job, "unknown_backend",
                "backend '" + backend_name + "' is not configured on this host; it was removed from the config "
                "after the pull was requested");
  }

  PullProgressSink sink(events_, context, progress_interval_);
  sink.watch(context.cancel_flag()); // timeout, cancel and shutdown stop the plugin's call
  const ah_status status = backend->pull_model(sink, model);
  if (context.cancelled()) {
    // A requested cancel is this handler's to report; timeout and shutdown are settled by the
    // queue, which then calls abandoned().
    if (context.cancel_reason() == queue::CancelReason::requested)
      append_terminal(job.id, kJobFailed, error_data("the pull of " + model + " was cancelled"));
    return queue::JobOutcome::cancelled();
  }
  if (status == AH_ERR_UNSUPPORTED)
    return fail(job, "unsupported", "backend '" + backend_name + "' cannot pull models");
  if (status != AH_OK) {
    return fail(job, queue::kErrorFailed,
                "pulling " + model + " through backend '" + backend_name + "' failed: " + sink.error_message());
  }
  append_terminal(job.id, kJobSucceeded,
                  json::dump(json::Value::object({{"backend", backend_name}, {"model", model}})));
  if (logger_) {
    logger_->info("model pulled", {{"job_id", job.id}, {"backend", backend_name}, {"model", model}});
    if (!sink.last_error().empty())
      logger_->warn("some pull progress could not be recorded", {{"job_id", job.id}, {"error", sink.last_error()}});
  }
  return queue::JobOutcome::succeeded(json::dump(json::Value::object({{"backend", backend_name}, {"model", model}})));
}

void ModelPullJob::abandoned(const queue::JobRecord& job, std::string_view error_type) {
  std::string message;
  if (error_type == queue::kErrorTimeout) {
    message = "the pull ran longer than its timeout of " + std::to_string(job.timeout_seconds) + " s and was stopped";
  } else if (error_type == queue::kErrorShutdown) {
    message = "the host shut down during the pull; request it again";
  } else if (error_type == queue::kErrorWorkerLost) {
    message = "the host running the pull stopped responding; request it again";
  } else {
    message = "the pull failed (" + std::string(error_type) + ")";
  }
  append_terminal(job.id, kJobFailed, error_data(message));
}

queue::JobOutcome ModelPullJob::fail(const queue::JobRecord& job, const std::string& error_type,
                                     const std::string& message) {
  append_terminal(job.id, kJobFailed, error_data(message));
  if (logger_) logger_->warn("model pull failed", {{"job_id", job.id}, {"error", message}});
  return queue::JobOutcome::failed(error_type, message);
}

void ModelPullJob::append_terminal(const std::string& job_id, const char* type, std::string data_json) {
  const std::int64_t last = events_.last_seq(job_id);
  if (last > 0) {
    const std::vector<events::Event> tail = events_.read_after(job_id, last - 1, 1);
    if (!tail.empty() && (tail.front().type == kJobSucceeded || tail.front().type == kJobFailed)) return;
  }
  events_.append(job_id, job_id, type, std::move(data_json));
}

} // namespace agenthost::runtime
