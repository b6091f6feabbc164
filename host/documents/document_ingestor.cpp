#include "documents/document_ingestor.hpp"

#include "documents/chunker.hpp"
#include "documents/extract.hpp"

#include <agenthost/json.hpp>

#include <vector>

namespace agenthost::documents {
namespace {

void check_cancel(const std::atomic<bool>* cancel) {
  if (cancel != nullptr && cancel->load(std::memory_order_acquire))
    throw Error(ErrorKind::unavailable, "document processing was cancelled");
}

std::string metadata_json(const store::DocumentRecord& document, std::int64_t pages) {
  return json::dump(json::Value::object({
      {"content_type", document.content_type},
      {"filename", document.filename},
      {"pages", pages},
      {"document_id", document.id},
  }));
}

} // namespace

DocumentIngestor::DocumentIngestor(store::DocumentStore& documents, const plugins::PipelineRunner& pipelines,
                                   IngestSettings settings)
    : documents_(documents), pipelines_(pipelines), settings_(settings) {}

IngestResult DocumentIngestor::process(std::string_view document_id, const ProgressCallback& progress,
                                       const std::atomic<bool>* cancel) {
  const std::optional<store::DocumentRecord> found = documents_.find_by_id(document_id);
  if (!found) throw Error(ErrorKind::not_found, "no document " + std::string(document_id) + " (it was deleted)");
  const store::DocumentRecord& document = *found;
  if (document.status == store::kDocumentReady) {
    // Already done (a retried job whose first attempt committed): nothing to redo.
    return IngestResult{document.page_count.value_or(0), document.chunk_count.value_or(0), 0};
  }
  const auto report = [&](const char* status, std::int64_t completed, std::int64_t total) {
    if (progress) progress(IngestProgress{status, completed, total});
  };
  try {
    documents_.mark_processing(document.id);
    const std::vector<std::string> steps = pipelines_.steps_for(document.pipeline, document.content_type);

    report("extracting", 0, document.size);
    std::int64_t read = 0;
    ExtractedText extracted = extract_text(document.content_type, [&](const auto& piece) {
      documents_.read_blob(document.id, [&](std::string_view bytes) {
        check_cancel(cancel);
        piece(bytes);
        read += static_cast<std::int64_t>(bytes.size());
        report("extracting", read, document.size);
      });
    });
    check_cancel(cancel);

    const std::int64_t step_count = static_cast<std::int64_t>(steps.size());
    plugins::PipelineResult cleaned = pipelines_.run(
        steps, std::move(extracted.text), metadata_json(document, extracted.pages), cancel,
        [&](std::size_t index, std::size_t, const std::string&) {
          report("cleaning", static_cast<std::int64_t>(index), step_count);
        });
    report("cleaning", step_count, step_count);
    check_cancel(cancel);

    const std::int64_t text_bytes = static_cast<std::int64_t>(cleaned.text.size());
    report("chunking", 0, text_bytes);
    const std::vector<TextChunk> pieces =
        chunk_text(cleaned.text, ChunkerSettings{settings_.chunk_tokens, settings_.chunk_overlap_tokens});
    report("chunking", text_bytes, text_bytes);
    check_cancel(cancel);

    std::vector<store::NewChunk> chunks;
    chunks.reserve(pieces.size());
    for (const TextChunk& piece : pieces) {
      chunks.push_back(store::NewChunk{piece.page, static_cast<std::int64_t>(piece.start),
                                       static_cast<std::int64_t>(piece.end), piece.tokens,
                                       cleaned.text.substr(piece.start, piece.end - piece.start)});
    }
    const std::int64_t chunk_count = static_cast<std::int64_t>(chunks.size());
    report("indexing", 0, chunk_count);
    documents_.mark_ready(document.id, extracted.pages, chunks);
    report("indexing", chunk_count, chunk_count);
    return IngestResult{extracted.pages, chunk_count, text_bytes};
  } catch (const IngestFailure& failure) {
    documents_.mark_failed(document.id, failure.what());
    throw;
  } catch (const Error& error) {
    // An unknown pipeline or a failing cleaning step: the input (or its pipeline) is at fault.
    if (error.kind() != ErrorKind::unprocessable) throw;
    documents_.mark_failed(document.id, error.what());
    throw IngestFailure(error.what());
  }
}

void DocumentIngestor::fail(std::string_view document_id, std::string_view error) {
  documents_.mark_failed(document_id, error);
}

store::DocumentRecord DocumentIngestor::store_upload(std::string_view owner_id, std::string_view filename,
                                                     std::string_view content_type, std::istream& input,
                                                     const std::optional<std::string>& pipeline) {
  pipelines_.steps_for(pipeline, content_type); // an unknown pipeline fails before anything is stored
  store::DocumentRecord document = documents_.create(owner_id, filename, content_type, pipeline);
  try {
    std::vector<char> buffer(store::kMaxBlobPiece);
    std::int64_t seq = 0;
    std::int64_t size = 0;
    while (input) {
      input.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      const std::streamsize got = input.gcount();
      if (got <= 0) break;
      documents_.append_blob(document.id, seq++, std::string_view(buffer.data(), static_cast<std::size_t>(got)));
      size += got;
    }
    if (input.bad()) throw Error(ErrorKind::invalid_request, "reading " + std::string(filename) + " failed");
    documents_.finish_upload(document.id, size, "");
    document.size = size;
  } catch (...) {
    documents_.remove(owner_id, document.id); // no half-stored upload left behind
    throw;
  }
  return document;
}

} // namespace agenthost::documents
