// Migration 5: document ingestion (stored uploads, chunks, full-text index).
//
// The chunk id is an integer on both engines because SQLite's FTS5 index addresses rows by an
// integer rowid (an INTEGER PRIMARY KEY, which VACUUM never renumbers). Upload pieces are
// stored as base64url TEXT: PostgreSQL TEXT cannot hold NUL bytes or invalid UTF-8, and one
// portable column type keeps the repository free of driver-specific BLOB binding.
#include "store/schema_parts.hpp"

namespace agenthost::store {
namespace {

// Statements both engines accept as written.
const std::vector<std::string> kDocumentColumns = {
    "ALTER TABLE documents ADD COLUMN pipeline TEXT",     // the pipeline asked for (NULL: the default)
    "ALTER TABLE documents ADD COLUMN job_id TEXT",       // the document.process job
    "ALTER TABLE documents ADD COLUMN progress TEXT",     // JSON {"status","completed","total"}
    "ALTER TABLE documents ADD COLUMN page_count INTEGER",
    "ALTER TABLE documents ADD COLUMN chunk_count INTEGER",

    // The upload, in pieces of at most 1 MiB, until the document is ready.
    "CREATE TABLE document_blobs ("
    " document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
    " seq INTEGER NOT NULL,"
    " data TEXT NOT NULL," // base64url
    " PRIMARY KEY (document_id, seq))",
};

std::vector<std::string> sqlite_statements() {
  std::vector<std::string> statements = kDocumentColumns;
  statements.insert(
      statements.end(),
      {
          "CREATE TABLE document_chunks ("
          " id INTEGER PRIMARY KEY," // the FTS5 rowid
          " document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
          " owner_id TEXT NOT NULL," // the document's, so search filters by owner without a join
          " seq INTEGER NOT NULL,"
          " page INTEGER NOT NULL,"
          " char_start BIGINT NOT NULL,"
          " char_end BIGINT NOT NULL,"
          " token_estimate INTEGER NOT NULL,"
          " content TEXT NOT NULL)",
          "CREATE INDEX document_chunks_document ON document_chunks (document_id, seq)",
          // External content: the index stores no second copy of the text; the triggers keep
          // it in step with document_chunks (a cascade from documents fires them too).
          "CREATE VIRTUAL TABLE document_chunks_fts USING fts5(content, content='document_chunks', "
          "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
          "CREATE TRIGGER document_chunks_fts_insert AFTER INSERT ON document_chunks BEGIN"
          " INSERT INTO document_chunks_fts (rowid, content) VALUES (new.id, new.content); END",
          "CREATE TRIGGER document_chunks_fts_delete AFTER DELETE ON document_chunks BEGIN"
          " INSERT INTO document_chunks_fts (document_chunks_fts, rowid, content)"
          " VALUES ('delete', old.id, old.content); END",
      });
  return statements;
}

std::vector<std::string> postgresql_statements() {
  std::vector<std::string> statements = kDocumentColumns;
  statements.insert(statements.end(),
                    {
                        "CREATE TABLE document_chunks ("
                        " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                        " document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,"
                        " owner_id TEXT NOT NULL,"
                        " seq INTEGER NOT NULL,"
                        " page INTEGER NOT NULL,"
                        " char_start BIGINT NOT NULL,"
                        " char_end BIGINT NOT NULL,"
                        " token_estimate INTEGER NOT NULL,"
                        " content TEXT NOT NULL,"
                        // 'simple': no stemming, like SQLite's unicode61, so both engines match
                        // the same words.
                        " content_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED)",
                        "CREATE INDEX document_chunks_document ON document_chunks (document_id, seq)",
                        "CREATE INDEX document_chunks_fts ON document_chunks USING GIN (content_tsv)",
                    });
  return statements;
}

} // namespace

Migration documents_migration() { return {5, "documents", sqlite_statements(), postgresql_statements()}; }

} // namespace agenthost::store
