#include "store/document_store.hpp"

#include "common/error.hpp"
#include "store/encoding.hpp"
#include "store/ids.hpp"
#include "store/search_terms.hpp"
#include "store/timestamps.hpp"

#include <algorithm>
#include <iterator>

namespace agenthost::store {
namespace {

constexpr const char* kDocumentColumns = "id, owner_id, filename, content_type, size, status, error, pipeline, job_id, "
                                         "progress, page_count, chunk_count, created_at, updated_at";
constexpr const char* kChunkColumns = "id, document_id, seq, page, char_start, char_end, token_estimate, content";

DocumentRecord document_of(const Row& row) {
  DocumentRecord d;
  d.id = row.text(0);
  d.owner_id = row.text(1);
  d.filename = row.text(2);
  d.content_type = row.text(3);
  d.size = row.integer(4);
  d.status = row.text(5);
  d.error = row.optional_text(6);
  d.pipeline = row.optional_text(7);
  d.job_id = row.optional_text(8);
  d.progress_json = row.optional_text(9);
  d.page_count = row.optional_integer(10);
  d.chunk_count = row.optional_integer(11);
  d.created_at = row.integer(12);
  d.updated_at = row.integer(13);
  return d;
}

[[noreturn]] void no_document(std::string_view id) {
  throw Error(ErrorKind::not_found, "no document " + std::string(id));
}

// Search runs in two tiers. First the chunks holding every word, ranked; when they are fewer
// than `limit` (always the case for none), the page fills up with chunks holding any word,
// ranked, after them. The all-word set is then complete in the page, so excluding its ids keeps
// the fill-up free of duplicates. Ranking (bm25 / ts_rank per matching chunk) is the cost, and
// for any word of a query it grows with every chunk holding a common word, so the fill-up leaves
// out words found in kCommonWordRows chunks or more (fill_up_plan); when every word is that
// common it ranks only the newest kFillUpCandidates matches.
constexpr std::int64_t kCommonWordRows = 2000;
constexpr std::int64_t kFillUpCandidates = 2000;

// SQLite FTS5: bm25() is lower-is-better, so its negation is the score. MATCH expressions hold
// only quoted words (see search_terms), never the user's text. The best rows are chosen first
// (rank and owner only); the filename join and snippet() — which re-reads and re-tokenizes the
// chunk — then run for those `limit` rows alone. CROSS JOIN keeps that order. The snippet's
// MATCH is any word, so every query word found in the chunk is marked.
//
// Params: match, owner, [excluded ids], [window: match, owner, candidates], limit, snippet match.
// The window is a rowid range (FTS5 seeks it in the index; ranking candidates one rowid at a
// time instead re-reads a common word's whole posting list per row).
std::string sqlite_search(const std::string& exclusion, bool window) {
  return "WITH best AS ("
         " SELECT c.id, c.document_id, c.page, bm25(document_chunks_fts) AS rank"
         " FROM document_chunks_fts JOIN document_chunks c ON c.id = document_chunks_fts.rowid"
         " WHERE document_chunks_fts MATCH ? AND c.owner_id = ?" +
         exclusion +
         (window ? " AND document_chunks_fts.rowid >= (SELECT MIN(id) FROM (SELECT w.id"
                   " FROM document_chunks_fts AS f JOIN document_chunks w ON w.id = f.rowid"
                   " WHERE f.document_chunks_fts MATCH ? AND w.owner_id = ? ORDER BY f.rowid DESC LIMIT ?))"
                 : "") +
         " ORDER BY rank LIMIT ?)"
         " SELECT best.id, best.document_id, d.filename, best.page, -best.rank,"
         " snippet(document_chunks_fts, 0, '<b>', '</b>', '…', 24)"
         " FROM best CROSS JOIN document_chunks_fts CROSS JOIN documents d"
         " WHERE document_chunks_fts.rowid = best.id AND document_chunks_fts MATCH ? AND d.id = best.document_id"
         " ORDER BY best.rank";
}

// PostgreSQL: rank, then headline only the rows returned (ts_headline re-parses the text, so it
// should run `limit` times, not once per match).
//
// Params: headline query, rank query, owner, match query, [excluded ids], [candidates], limit.
std::string postgres_search(const std::string& exclusion, bool bounded) {
  return "SELECT best.id, best.document_id, d.filename, best.page, best.score,"
         " ts_headline('simple', best.content, to_tsquery('simple', ?),"
         " 'StartSel=<b>, StopSel=</b>, MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=…')"
         " FROM (SELECT c.id, c.document_id, c.page, c.content, ts_rank(c.content_tsv, q.query) AS score"
         "       FROM to_tsquery('simple', ?) AS q(query),"
         "            (SELECT id, document_id, page, content, content_tsv FROM document_chunks"
         "             WHERE owner_id = ? AND content_tsv @@ to_tsquery('simple', ?)" +
         exclusion + (bounded ? " ORDER BY id DESC LIMIT ?" : "") +
         ") AS c ORDER BY score DESC, c.id LIMIT ?) AS best"
         " JOIN documents d ON d.id = best.document_id"
         " ORDER BY best.score DESC, best.id";
}

// " AND <column> NOT IN (?, ...)" for the hits already found, their ids appended to `params`.
std::string excluding(const std::string& column, const std::vector<SearchHit>& hits, SqlParams& params) {
  if (hits.empty()) return "";
  std::string sql = " AND " + column + " NOT IN (";
  for (std::size_t i = 0; i < hits.size(); ++i) {
    sql += i ? ", ?" : "?";
    params.emplace_back(static_cast<std::int64_t>(std::stoll(hits[i].chunk_id)));
  }
  return sql + ")";
}

// How many chunks (anyone's: the statistics bm25 uses too) hold each word, counted up to `cap`:
// one statement, each count stops after `cap` index entries.
std::vector<std::int64_t> word_rows(Connection& connection, const std::vector<std::string>& words, std::int64_t cap) {
  const bool sqlite = connection.dialect().engine() == Engine::sqlite;
  std::string sql;
  SqlParams params;
  for (std::size_t i = 0; i < words.size(); ++i) {
    sql += (i ? " UNION ALL " : "") + std::string("SELECT ") + std::to_string(i) + ", COUNT(*) FROM (SELECT 1 FROM " +
           (sqlite ? "document_chunks_fts WHERE document_chunks_fts MATCH ?"
                   : "document_chunks WHERE content_tsv @@ to_tsquery('simple', ?)") +
           " LIMIT ?) AS w" + std::to_string(i);
    params.emplace_back(sqlite ? fts5_match_expression({words[i]}, WordMatch::any)
                               : tsquery_expression({words[i]}, WordMatch::any));
    params.emplace_back(cap);
  }
  std::vector<std::int64_t> rows(words.size(), 0);
  for (const Row& row : connection.query(sql, params)) rows.at(static_cast<std::size_t>(row.integer(0))) = row.integer(1);
  return rows;
}

// The owner's chunks holding (all or any of) `match_words` and not among `found`, best first;
// `bounded`: only the newest kFillUpCandidates of them are ranked. The snippet marks any of
// `words`.
std::vector<SearchHit> ranked_hits(Connection& connection, const std::string& owner_id,
                                   const std::vector<std::string>& words, const std::vector<std::string>& match_words,
                                   WordMatch match, const std::vector<SearchHit>& found, bool bounded,
                                   std::int64_t limit) {
  SqlParams params;
  std::string sql;
  if (connection.dialect().engine() == Engine::sqlite) {
    const std::string expression = fts5_match_expression(match_words, match);
    params = {expression, owner_id};
    const std::string exclusion = excluding("c.id", found, params);
    if (bounded) params.insert(params.end(), {expression, owner_id, kFillUpCandidates});
    params.insert(params.end(), {limit, fts5_match_expression(words, WordMatch::any)});
    sql = sqlite_search(exclusion, bounded);
  } else {
    const std::string expression = tsquery_expression(match_words, match);
    params = {tsquery_expression(words, WordMatch::any), expression, owner_id, expression};
    const std::string exclusion = excluding("id", found, params);
    if (bounded) params.emplace_back(kFillUpCandidates);
    params.emplace_back(limit);
    sql = postgres_search(exclusion, bounded);
  }
  std::vector<SearchHit> hits;
  for (const Row& row : connection.query(sql, params)) {
    hits.push_back(SearchHit{std::to_string(row.integer(0)), row.text(1), row.text(2), row.integer(3), row.real(4),
                             row.text(5)});
  }
  return hits;
}

} // namespace

DocumentRecord DocumentStore::create(std::string_view owner_id, std::string_view filename,
                                     std::string_view content_type, const std::optional<std::string>& pipeline) {
  DocumentRecord d;
  d.id = new_id("doc_");
  d.owner_id = std::string(owner_id);
  d.filename = std::string(filename);
  d.content_type = std::string(content_type);
  d.pipeline = pipeline;
  d.created_at = d.updated_at = now_ms();
  Connection connection = database_.connect();
  connection.execute("INSERT INTO documents (id, owner_id, filename, content_type, size, status, pipeline, created_at, "
                     "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     {d.id, d.owner_id, d.filename, d.content_type, d.size, d.status, nullable(d.pipeline),
                      d.created_at, d.updated_at});
  return d;
}

void DocumentStore::append_blob(std::string_view document_id, std::int64_t seq, std::string_view bytes) {
  if (bytes.size() > kMaxBlobPiece) {
    throw Error(ErrorKind::invalid_request, "a stored upload piece holds at most " + std::to_string(kMaxBlobPiece) +
                                                " bytes, got " + std::to_string(bytes.size()) +
                                                "; split the upload into smaller pieces");
  }
  Connection connection = database_.connect();
  // The foreign key turns an unknown document into a conflict; say what it is instead.
  if (!connection.query_one("SELECT id FROM documents WHERE id = ?", {std::string(document_id)})) {
    no_document(document_id);
  }
  connection.execute("INSERT INTO document_blobs (document_id, seq, data) VALUES (?, ?, ?)",
                     {std::string(document_id), seq, base64url_encode(bytes)});
}

void DocumentStore::finish_upload(std::string_view document_id, std::int64_t size, std::string_view job_id) {
  database_.transaction([&](Connection& connection) { finish_upload(connection, document_id, size, job_id); });
}

void DocumentStore::finish_upload(Connection& connection, std::string_view document_id, std::int64_t size,
                                  std::string_view job_id) {
  if (connection.execute("UPDATE documents SET size = ?, job_id = ?, updated_at = ? WHERE id = ?",
                         {size, job_id.empty() ? SqlValue(sql_null) : SqlValue(std::string(job_id)), now_ms(),
                          std::string(document_id)}) == 0) {
    no_document(document_id);
  }
}

std::optional<DocumentRecord> DocumentStore::find(std::string_view owner_id, std::string_view id) {
  Connection connection = database_.connect();
  std::optional<Row> row = connection.query_one(
      std::string("SELECT ") + kDocumentColumns + " FROM documents WHERE id = ? AND owner_id = ?",
      {std::string(id), std::string(owner_id)});
  if (!row) return std::nullopt;
  return document_of(*row);
}

std::optional<DocumentRecord> DocumentStore::find_by_id(std::string_view id) {
  Connection connection = database_.connect();
  std::optional<Row> row =
      connection.query_one(std::string("SELECT ") + kDocumentColumns + " FROM documents WHERE id = ?", {std::string(id)});
  if (!row) return std::nullopt;
  return document_of(*row);
}

Page<DocumentRecord> DocumentStore::list(std::string_view owner_id, const PageRequest& page) {
  Connection connection = database_.connect();
  std::string sql = std::string("SELECT ") + kDocumentColumns + " FROM documents WHERE owner_id = ?";
  SqlParams params{std::string(owner_id)};
  append_keyset_page(sql, params, page);
  std::vector<DocumentRecord> documents;
  for (const Row& row : connection.query(sql, params)) documents.push_back(document_of(row));
  return make_page(std::move(documents), page, [](const DocumentRecord& d) { return d.id; });
}

bool DocumentStore::remove(std::string_view owner_id, std::string_view id) {
  // Blobs, chunks (and through their trigger the FTS entries) and attachments go by ON DELETE
  // CASCADE.
  return database_.transaction([&](Connection& connection) {
    return connection.execute("DELETE FROM documents WHERE id = ? AND owner_id = ?",
                              {std::string(id), std::string(owner_id)}) > 0;
  });
}

std::vector<SearchHit> DocumentStore::search(std::string_view owner_id, std::string_view query, int limit) {
  const std::vector<std::string> words = search_words(query);
  if (words.empty()) return {};
  const auto wanted = static_cast<std::size_t>(std::clamp(limit, 1, kMaxSearchLimit));
  const std::string owner(owner_id);
  Connection connection = database_.connect();
  std::vector<SearchHit> hits =
      ranked_hits(connection, owner, words, words, WordMatch::all, {}, false, static_cast<std::int64_t>(wanted));
  if (words.size() == 1 || hits.size() >= wanted) return hits;
  const FillUp fill = fill_up_plan(words, word_rows(connection, words, kCommonWordRows), kCommonWordRows);
  std::vector<SearchHit> more = ranked_hits(connection, owner, words, fill.words, WordMatch::any, hits, fill.bounded,
                                            static_cast<std::int64_t>(wanted - hits.size()));
  hits.insert(hits.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  return hits;
}

std::int64_t DocumentStore::read_blob(std::string_view document_id,
                                      const std::function<void(std::string_view)>& piece) {
  // One piece per statement: a 50 MiB upload is read 1 MiB at a time, never as one result set.
  Connection connection = database_.connect();
  std::int64_t bytes = 0;
  std::int64_t next_seq = 0;
  while (true) {
    std::optional<Row> row =
        connection.query_one("SELECT seq, data FROM document_blobs WHERE document_id = ? AND seq >= ? ORDER BY seq "
                             "LIMIT 1",
                             {std::string(document_id), next_seq});
    if (!row) break;
    std::optional<std::string> data = base64url_decode(row->text(1));
    if (!data) {
      throw Error(ErrorKind::internal, "stored piece " + std::to_string(row->integer(0)) + " of document " +
                                           std::string(document_id) + " is not valid base64url");
    }
    bytes += static_cast<std::int64_t>(data->size());
    piece(*data);
    next_seq = row->integer(0) + 1;
  }
  return bytes;
}

void DocumentStore::mark_processing(std::string_view id) {
  Connection connection = database_.connect();
  if (connection.execute("UPDATE documents SET status = ?, error = NULL, updated_at = ? WHERE id = ?",
                         {std::string(kDocumentProcessing), now_ms(), std::string(id)}) == 0) {
    no_document(id);
  }
}

void DocumentStore::set_progress(std::string_view id, const std::string& progress_json) {
  Connection connection = database_.connect();
  connection.execute("UPDATE documents SET progress = ?, updated_at = ? WHERE id = ?",
                     {progress_json, now_ms(), std::string(id)});
}

void DocumentStore::mark_ready(std::string_view id, std::int64_t page_count, const std::vector<NewChunk>& chunks) {
  database_.transaction([&](Connection& connection) {
    std::optional<Row> owner = connection.query_one("SELECT owner_id FROM documents WHERE id = ?", {std::string(id)});
    if (!owner) no_document(id); // removed while it was being processed
    const std::string owner_id = owner->text(0);
    connection.execute("DELETE FROM document_chunks WHERE document_id = ?", {std::string(id)});
    SqlParams values;
    values.reserve(chunks.size() * 8);
    for (std::size_t seq = 0; seq < chunks.size(); ++seq) {
      const NewChunk& chunk = chunks[seq];
      values.insert(values.end(), {std::string(id), owner_id, static_cast<std::int64_t>(seq), chunk.page,
                                   chunk.char_start, chunk.char_end, chunk.token_estimate, chunk.content});
    }
    if (!values.empty()) {
      connection.insert_rows("INSERT INTO document_chunks (document_id, owner_id, seq, page, char_start, char_end, "
                             "token_estimate, content)",
                             8, values);
    }
    connection.execute("UPDATE documents SET status = ?, error = NULL, page_count = ?, chunk_count = ?, updated_at = ? "
                       "WHERE id = ?",
                       {std::string(kDocumentReady), page_count, static_cast<std::int64_t>(chunks.size()), now_ms(),
                        std::string(id)});
    connection.execute("DELETE FROM document_blobs WHERE document_id = ?", {std::string(id)});
  });
}

void DocumentStore::mark_failed(std::string_view id, std::string_view error) {
  database_.transaction([&](Connection& connection) {
    connection.execute("DELETE FROM document_chunks WHERE document_id = ?", {std::string(id)});
    connection.execute("UPDATE documents SET status = ?, error = ?, chunk_count = 0, updated_at = ? WHERE id = ?",
                       {std::string(kDocumentFailed), std::string(error), now_ms(), std::string(id)});
  });
}

std::vector<ChunkRecord> DocumentStore::chunks(std::string_view document_id) {
  Connection connection = database_.connect();
  std::vector<ChunkRecord> out;
  for (const Row& row : connection.query(std::string("SELECT ") + kChunkColumns +
                                             " FROM document_chunks WHERE document_id = ? ORDER BY seq",
                                         {std::string(document_id)})) {
    out.push_back(ChunkRecord{std::to_string(row.integer(0)), row.text(1), row.integer(2), row.integer(3),
                              row.integer(4), row.integer(5), row.integer(6), row.text(7)});
  }
  return out;
}

} // namespace agenthost::store
