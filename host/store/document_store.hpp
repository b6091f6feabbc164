// Uploaded documents, their stored bytes, their chunks and the full-text index over the chunks.
//
// The upload is kept in pieces (document_blobs, at most kMaxBlobPiece bytes each) so that any
// host's worker can read it back one piece at a time: neither the upload nor the job ever holds
// the whole file. The pieces are deleted when the document becomes ready (the chunks are what
// search needs; keeping a second copy of every upload forever is the operator's disk, not ours)
// and kept while it is queued, processing or failed (so a retry can read them again).
//
// Chunks of one document are written in one transaction together with status 'ready', and
// removed together with status 'failed': a document is either fully indexed or not at all.
//
// Search is owner-scoped in the SQL (owner_id = ?), never filtered afterwards. Chunks holding
// every query word come first; only when they are fewer than the limit does the page fill up
// with chunks holding any word (very common words aside: see document_store.cpp). SQLite ranks with
// FTS5's bm25() (lower is better; the score returned is its negation, so higher is better);
// PostgreSQL with ts_rank over a tsvector column with a GIN index. Both use the 'simple'
// configuration (no stemming) so the engines agree; snippets wrap matches in <b></b> (the
// snippet text itself is not HTML-escaped: render it as text, or escape it first).
#pragma once

#include "store/database.hpp"
#include "store/pagination.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::store {

// Largest piece append_blob accepts.
inline constexpr std::size_t kMaxBlobPiece = 1024 * 1024;

// Document status values (documents.status).
inline constexpr const char* kDocumentQueued = "queued";
inline constexpr const char* kDocumentProcessing = "processing";
inline constexpr const char* kDocumentReady = "ready";
inline constexpr const char* kDocumentFailed = "failed";

struct DocumentRecord {
  std::string id;
  std::string owner_id;
  std::string filename;
  std::string content_type; // normalized (no parameters), e.g. "text/html"
  std::int64_t size = 0;    // bytes uploaded
  std::string status = kDocumentQueued;
  std::optional<std::string> error;
  std::optional<std::string> pipeline;      // the pipeline asked for at upload (none: the default)
  std::optional<std::string> job_id;        // the document.process job
  std::optional<std::string> progress_json; // {"status","completed","total"}, the latest report
  std::optional<std::int64_t> page_count;
  std::optional<std::int64_t> chunk_count;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

// One chunk as the chunker made it: offsets are into the cleaned text (bytes of UTF-8).
struct NewChunk {
  std::int64_t page = 1; // 1-based
  std::int64_t char_start = 0;
  std::int64_t char_end = 0;
  std::int64_t token_estimate = 0;
  std::string content;
};

struct ChunkRecord {
  std::string id;
  std::string document_id;
  std::int64_t seq = 0;
  std::int64_t page = 1;
  std::int64_t char_start = 0;
  std::int64_t char_end = 0;
  std::int64_t token_estimate = 0;
  std::string content;
};

struct SearchHit {
  std::string chunk_id;
  std::string document_id;
  std::string filename;
  std::int64_t page = 1;
  double score = 0; // higher is better within one tier (all words, then any word) of one result list
  std::string snippet; // matched terms wrapped in <b></b>
};

inline constexpr int kDefaultSearchLimit = 10;
inline constexpr int kMaxSearchLimit = 50;

class DocumentStore {
public:
  explicit DocumentStore(Database& database) : database_(database) {}

  Database& database() { return database_; }

  // --- Upload (HTTP API, CLI) ---

  // A new document, status queued, size 0, no job yet.
  DocumentRecord create(std::string_view owner_id, std::string_view filename, std::string_view content_type,
                        const std::optional<std::string>& pipeline);
  // Stores piece `seq` (0, 1, 2, ...) of the upload. Throws Error(invalid_request) for a piece
  // larger than kMaxBlobPiece, Error(not_found) for an unknown document.
  void append_blob(std::string_view document_id, std::int64_t seq, std::string_view bytes);
  // The upload is complete: records its size and the job that will process it (empty: none,
  // as for the CLI, which processes it directly).
  void finish_upload(std::string_view document_id, std::int64_t size, std::string_view job_id);
  // finish_upload in the caller's transaction (enqueue the job in the same one).
  void finish_upload(Connection& open_transaction, std::string_view document_id, std::int64_t size,
                     std::string_view job_id);

  // --- Reading (HTTP API) ---

  std::optional<DocumentRecord> find(std::string_view owner_id, std::string_view id);
  // Newest first, the owner's only.
  Page<DocumentRecord> list(std::string_view owner_id, const PageRequest& page);
  // Removes the document with its chunks, index entries, blobs and attachments. False when the
  // owner has no such document.
  bool remove(std::string_view owner_id, std::string_view id);
  // The owner's best chunks for `query` (words; operators and punctuation are ignored): those
  // holding every word first, best first; if they are fewer than `limit`, then chunks holding
  // any of the words, best first, none twice. An empty query or one without words → no hits.
  // `limit` is clamped to 1..kMaxSearchLimit.
  std::vector<SearchHit> search(std::string_view owner_id, std::string_view query, int limit = kDefaultSearchLimit);

  // --- Processing (the document.process job) ---

  // Without the owner check: the job knows the id from its payload.
  std::optional<DocumentRecord> find_by_id(std::string_view id);
  // Calls `piece` with each stored piece in order; at most one piece is in memory at a time.
  // Returns the number of bytes read.
  std::int64_t read_blob(std::string_view document_id, const std::function<void(std::string_view)>& piece);
  // status processing, error cleared, progress as given.
  void mark_processing(std::string_view id);
  void set_progress(std::string_view id, const std::string& progress_json);
  // In one transaction: replaces the document's chunks with `chunks` (seq 0..n-1), sets status
  // ready, page_count and chunk_count, clears the error and deletes the stored pieces.
  void mark_ready(std::string_view id, std::int64_t page_count, const std::vector<NewChunk>& chunks);
  // In one transaction: status failed with `error`, no chunks.
  void mark_failed(std::string_view id, std::string_view error);
  // The document's chunks in order (tests, tools).
  std::vector<ChunkRecord> chunks(std::string_view document_id);

private:
  Database& database_;
};

} // namespace agenthost::store
