// The job handler of type "document.process" (payload {"document_id"}, queue default, 3
// attempts, enqueued with the upload): runs the DocumentIngestor and publishes on the event
// stream whose id is the job's id:
//   job.progress {"status": extracting|cleaning|chunking|indexing, "completed", "total"} ...
//     (also the job row's and the document's progress)
//   then exactly one of job.succeeded {"document_id","page_count","chunk_count"} or
//   job.failed {"error"}.
// Corrupt, encrypted or unsupported input and failing cleaning steps fail the document at once;
// other errors (a busy database, a plugin that is unavailable) are retried, and the last
// attempt's error fails the document. A document never stays "processing" after its job ended:
// abandoned() (timeout, lost worker, shutdown) fails it too.
#pragma once

#include "common/logger.hpp"
#include "documents/document_ingestor.hpp"
#include "events/event_log.hpp"
#include "queue/job_handler.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace agenthost::documents {

inline constexpr const char* kProcessDocumentJobType = "document.process";
inline constexpr int kProcessDocumentAttempts = 3;

// What to enqueue for a finished upload (in the transaction that finishes it).
queue::JobSpec process_document_job(std::string_view owner_id, std::string_view document_id);

class ProcessDocumentJob : public queue::JobHandler {
public:
  ProcessDocumentJob(DocumentIngestor& ingestor, events::EventLog& events, std::shared_ptr<Logger> logger);

  queue::JobOutcome run(queue::JobContext& context) override;
  void abandoned(const queue::JobRecord& job, std::string_view error_type) override;

private:
  queue::JobOutcome fail(const queue::JobRecord& job, const std::string& error_type, const std::string& message);
  queue::JobOutcome cancelled(const queue::JobRecord& job, const std::string& document_id, queue::CancelReason reason);
  // A transient error: retried while attempts remain, else the document fails with it.
  queue::JobOutcome retry_or_fail(const queue::JobRecord& job, const std::string& document_id,
                                  const std::string& message);
  void append_terminal(const std::string& job_id, const char* type, std::string data_json);

  DocumentIngestor& ingestor_;
  events::EventLog& events_;
  std::shared_ptr<Logger> logger_;
};

} // namespace agenthost::documents
