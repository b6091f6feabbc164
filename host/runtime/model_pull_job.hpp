// The job handler of type "model.pull" (payload {"backend","model"}, enqueued by
// POST /api/v1/backends/{name}/models/pull): asks the backend instance to pull the model and
// publishes its progress on the event stream whose id is the job's id:
//   job.progress {"status","completed","total"} ...   (also the job row's progress)
//   then exactly one of job.succeeded {"backend","model"} or job.failed {"error"}.
// A timeout or cancel raises the job's cancel flag, which cancels the plugin call; the queue
// then fails the job (timeout, shutdown) and abandoned() writes job.failed.
#pragma once

#include "common/logger.hpp"
#include "events/event_log.hpp"
#include "plugins/instance.hpp"
#include "queue/job_handler.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace agenthost::runtime {

inline constexpr const char* kModelPullJobType = "model.pull";

// The job's payload JSON.
std::string model_pull_payload(std::string_view backend, std::string_view model);

class ModelPullJob : public queue::JobHandler {
public:
  // Progress with the same status line is published at most once per `progress_interval`
  // (a provider reports every chunk it downloads); a new status always goes out at once.
  ModelPullJob(events::EventLog& events, const plugins::InstanceDirectory& instances, std::shared_ptr<Logger> logger,
               std::chrono::milliseconds progress_interval = std::chrono::milliseconds(250));

  queue::JobOutcome run(queue::JobContext& context) override;
  void abandoned(const queue::JobRecord& job, std::string_view error_type) override;

private:
  queue::JobOutcome fail(const queue::JobRecord& job, const std::string& error_type, const std::string& message);
  // Appends job.succeeded / job.failed unless the stream already ends with one (abandoned()
  // may run after run() finished, or twice).
  void append_terminal(const std::string& job_id, const char* type, std::string data_json);

  events::EventLog& events_;
  const plugins::InstanceDirectory& instances_;
  std::shared_ptr<Logger> logger_;
  std::chrono::milliseconds progress_interval_;
};

} // namespace agenthost::runtime
