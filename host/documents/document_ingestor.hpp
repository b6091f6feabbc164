// Ingestion of one stored upload: extract → clean (pipeline) → chunk → index, the same code
// path for the document.process job and the `agenthost ingest` CLI.
//
// Status goes queued → processing → ready | failed. A permanent failure (corrupt or encrypted
// file, unsupported content, a cleaning step that fails, an unknown pipeline) marks the
// document failed at once and throws IngestFailure; anything else (the database was busy, a
// plugin was unavailable) propagates unchanged so the job can retry, and the caller decides
// when to give up (mark_failed). A failed document never has chunks.
#pragma once

#include "documents/ingest_failure.hpp"
#include "plugins/pipeline_runner.hpp"
#include "store/document_store.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

namespace agenthost::documents {

// What [documents] configures about processing.
struct IngestSettings {
  int chunk_tokens = 400;
  int chunk_overlap_tokens = 50;
};

// A progress report: status extracting | cleaning | chunking | indexing; completed/total in
// bytes (extracting), steps (cleaning), bytes of text (chunking) or chunks (indexing).
struct IngestProgress {
  std::string status;
  std::int64_t completed = 0;
  std::int64_t total = 0;
};
using ProgressCallback = std::function<void(const IngestProgress&)>;

struct IngestResult {
  std::int64_t page_count = 0;
  std::int64_t chunk_count = 0;
  std::int64_t text_bytes = 0; // of the cleaned text
};

class DocumentIngestor {
public:
  DocumentIngestor(store::DocumentStore& documents, const plugins::PipelineRunner& pipelines, IngestSettings settings);

  // Processes the stored upload of `document_id` (any owner). Throws IngestFailure (document
  // failed), Error(not_found) for an unknown document, or whatever transient error occurred
  // (the document stays processing; the caller retries or calls fail()).
  IngestResult process(std::string_view document_id, const ProgressCallback& progress = {},
                       const std::atomic<bool>* cancel = nullptr);

  // Marks the document failed (no chunks) with `error`: for the caller that gives up.
  void fail(std::string_view document_id, std::string_view error);

  // For the CLI: creates a document of `owner_id` from `input` (stored in pieces as the API does)
  // with the given normalized content type; returns it queued (no job). Throws
  // Error(unprocessable, "pipeline") for an unknown pipeline.
  store::DocumentRecord store_upload(std::string_view owner_id, std::string_view filename,
                                     std::string_view content_type, std::istream& input,
                                     const std::optional<std::string>& pipeline);

  const IngestSettings& settings() const { return settings_; }
  store::DocumentStore& documents() { return documents_; }
  const plugins::PipelineRunner& pipelines() const { return pipelines_; }

private:
  store::DocumentStore& documents_;
  const plugins::PipelineRunner& pipelines_;
  IngestSettings settings_;
};

} // namespace agenthost::documents
