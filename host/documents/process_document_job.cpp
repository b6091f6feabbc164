#include "documents/process_document_job.hpp"

#include <agenthost/json.hpp>

namespace agenthost::documents {
namespace {

constexpr const char* kJobProgress = "job.progress";
constexpr const char* kJobSucceeded = "job.succeeded";
constexpr const char* kJobFailed = "job.failed";

std::string error_data(const std::string& message) { return json::dump(json::Value::object({{"error", message}})); }

std::string document_of(const queue::JobRecord& job) {
  return json::parse(job.payload_json)["document_id"].as_string();
}

} // namespace

queue::JobSpec process_document_job(std::string_view owner_id, std::string_view document_id) {
  queue::JobSpec spec;
  spec.type = kProcessDocumentJobType;
  spec.queue = queue::kQueueDefault;
  spec.payload_json = json::dump(json::Value::object({{"document_id", std::string(document_id)}}));
  spec.owner_id = std::string(owner_id);
  spec.max_attempts = kProcessDocumentAttempts;
  return spec;
}

ProcessDocumentJob::ProcessDocumentJob(DocumentIngestor& ingestor, events::EventLog& events,
                                       std::shared_ptr<Logger> logger)
    : ingestor_(ingestor), events_(events), logger_(std::move(logger)) {}

queue::JobOutcome ProcessDocumentJob::run(queue::JobContext& context) {
  const queue::JobRecord& job = context.job();
  std::string document_id;
  try {
    document_id = document_of(job);
  } catch (const std::exception& error) {
    return fail(job, "invalid_payload", std::string("the job's payload is not {\"document_id\"}: ") + error.what());
  }
  const auto progress = [&](const IngestProgress& report) {
    const std::string data = json::dump(json::Value::object(
        {{"status", report.status}, {"completed", report.completed}, {"total", report.total}}));
    try {
      events_.append(job.id, job.id, kJobProgress, data);
      context.report_progress(data);
      ingestor_.documents().set_progress(document_id, data);
    } catch (const std::exception&) {
      // Progress is best effort: the document still ends ready or failed.
    }
  };
  try {
    const IngestResult result = ingestor_.process(document_id, progress, &context.cancel_flag());
    const std::string data = json::dump(json::Value::object({{"document_id", document_id},
                                                             {"page_count", result.page_count},
                                                             {"chunk_count", result.chunk_count}}));
    append_terminal(job.id, kJobSucceeded, data);
    return queue::JobOutcome::succeeded(data);
  } catch (const IngestFailure& failure) {
    return fail(job, "invalid_document", failure.what());
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::not_found) return fail(job, "not_found", error.what());
    if (context.cancelled()) return cancelled(job, document_id, context.cancel_reason());
    return retry_or_fail(job, document_id, error.what());
  } catch (const std::exception& error) {
    if (context.cancelled()) return cancelled(job, document_id, context.cancel_reason());
    return retry_or_fail(job, document_id, error.what());
  }
}

queue::JobOutcome ProcessDocumentJob::cancelled(const queue::JobRecord& job, const std::string& document_id,
                                                queue::CancelReason reason) {
  // A requested cancel is settled here; timeout and shutdown by the queue, through abandoned().
  if (reason == queue::CancelReason::requested) {
    const std::string message = "processing was cancelled";
    try {
      ingestor_.fail(document_id, message);
    } catch (const std::exception&) {
    }
    append_terminal(job.id, kJobFailed, error_data(message));
  }
  return queue::JobOutcome::cancelled();
}

queue::JobOutcome ProcessDocumentJob::retry_or_fail(const queue::JobRecord& job, const std::string& document_id,
                                                    const std::string& message) {
  if (job.attempts < job.max_attempts) {
    if (logger_) logger_->warn("document processing failed; it will be retried",
                               {{"job_id", job.id}, {"document_id", document_id}, {"error", message}});
    return queue::JobOutcome::retry(message);
  }
  const std::string final_message = "processing failed after " + std::to_string(job.attempts) + " attempts: " + message;
  try {
    ingestor_.fail(document_id, final_message);
  } catch (const std::exception&) {
    // The database itself is failing; abandoned() or a later reconcile cannot do better now.
  }
  return fail(job, queue::kErrorFailed, final_message);
}

void ProcessDocumentJob::abandoned(const queue::JobRecord& job, std::string_view error_type) {
  std::string message;
  if (error_type == queue::kErrorTimeout) {
    message = "processing ran longer than its timeout of " + std::to_string(job.timeout_seconds) +
              " s and was stopped; split the document or raise the pool's timeout";
  } else if (error_type == queue::kErrorShutdown) {
    message = "the host shut down during processing; upload the document again";
  } else if (error_type == queue::kErrorWorkerLost) {
    message = "the host processing the document stopped responding; upload it again";
  } else {
    message = "processing failed (" + std::string(error_type) + ")";
  }
  try {
    const std::string document_id = document_of(job);
    const std::optional<store::DocumentRecord> document = ingestor_.documents().find_by_id(document_id);
    if (document && document->status != store::kDocumentReady) ingestor_.fail(document_id, message);
  } catch (const std::exception&) {
    // An unreadable payload names no document to fix.
  }
  append_terminal(job.id, kJobFailed, error_data(message));
}

queue::JobOutcome ProcessDocumentJob::fail(const queue::JobRecord& job, const std::string& error_type,
                                           const std::string& message) {
  append_terminal(job.id, kJobFailed, error_data(message));
  if (logger_) logger_->warn("document processing failed", {{"job_id", job.id}, {"error", message}});
  return queue::JobOutcome::failed(error_type, message);
}

void ProcessDocumentJob::append_terminal(const std::string& job_id, const char* type, std::string data_json) {
  try {
    const std::int64_t last = events_.last_seq(job_id);
    if (last > 0) {
      const std::vector<events::Event> tail = events_.read_after(job_id, last - 1, 1);
      if (!tail.empty() && (tail.front().type == kJobSucceeded || tail.front().type == kJobFailed)) return;
    }
    events_.append(job_id, job_id, type, std::move(data_json));
  } catch (const std::exception& error) {
    if (logger_) logger_->warn("a job's final event could not be recorded", {{"job_id", job_id}, {"error", error.what()}});
  }
}

} // namespace agenthost::documents
