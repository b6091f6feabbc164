#include "common/error.hpp"
#include "store/document_store.hpp"
#include "store/search_terms.hpp"
#include "store/tests/test_database.hpp"
#include "store/user_store.hpp"

#include <gtest/gtest.h>

#include <set>

namespace agenthost::store {
namespace {

using testing::TestDatabase;

NewChunk chunk(std::string content, std::int64_t page = 1) {
  NewChunk c;
  c.page = page;
  c.char_end = static_cast<std::int64_t>(content.size());
  c.token_estimate = static_cast<std::int64_t>(content.size() / 4);
  c.content = std::move(content);
  return c;
}

class DocumentStoreTest : public ::testing::TestWithParam<Engine> {
protected:
  DocumentRecord ready_document(const UserRecord& owner, const std::string& filename,
                                const std::vector<NewChunk>& chunks) {
    DocumentRecord d = documents.create(owner.id, filename, "text/plain", std::nullopt);
    documents.mark_ready(d.id, 1, chunks);
    return d;
  }
  std::int64_t count(const std::string& sql, const SqlParams& params = {}) {
    Connection connection = scratch.database().connect();
    return connection.query_one(sql, params)->integer(0);
  }

  TestDatabase scratch{GetParam()};
  UserStore users{scratch.database()};
  DocumentStore documents{scratch.database()};
  UserRecord alice = users.create_user("alice", false);
  UserRecord bob = users.create_user("bob", false);
};

TEST_P(DocumentStoreTest, CreatesQueuedAndFindsItForItsOwnerOnly) {
  const DocumentRecord created = documents.create(alice.id, "notes.md", "text/markdown", std::string("strict"));
  EXPECT_EQ(created.status, "queued");
  const std::optional<DocumentRecord> found = documents.find(alice.id, created.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->filename, "notes.md");
  EXPECT_EQ(found->content_type, "text/markdown");
  EXPECT_EQ(found->pipeline, std::optional<std::string>("strict"));
  EXPECT_FALSE(found->job_id);
  EXPECT_FALSE(documents.find(bob.id, created.id));
  EXPECT_FALSE(documents.remove(bob.id, created.id));
  EXPECT_TRUE(documents.find(alice.id, created.id));
}

TEST_P(DocumentStoreTest, StoresTheUploadInPiecesAndReadsItBackByteForByte) {
  const DocumentRecord d = documents.create(alice.id, "a.bin", "application/pdf", std::nullopt);
  const std::string first = std::string("%PDF\0\xff\xfe", 7) + std::string(1000, 'x');
  const std::string second("\n\0end", 5);
  documents.append_blob(d.id, 0, first);
  documents.append_blob(d.id, 1, second);
  documents.finish_upload(d.id, static_cast<std::int64_t>(first.size() + second.size()), "job_1");
  std::vector<std::string> pieces;
  const std::int64_t bytes = documents.read_blob(d.id, [&](std::string_view piece) { pieces.emplace_back(piece); });
  EXPECT_EQ(bytes, static_cast<std::int64_t>(first.size() + second.size()));
  EXPECT_EQ(pieces, (std::vector<std::string>{first, second}));
  const DocumentRecord found = *documents.find(alice.id, d.id);
  EXPECT_EQ(found.size, bytes);
  EXPECT_EQ(found.job_id, std::optional<std::string>("job_1"));
}

TEST_P(DocumentStoreTest, RefusesOversizedPiecesAndPiecesOfUnknownDocuments) {
  const DocumentRecord d = documents.create(alice.id, "a.txt", "text/plain", std::nullopt);
  try {
    documents.append_blob(d.id, 0, std::string(kMaxBlobPiece + 1, 'x'));
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_request);
  }
  try {
    documents.append_blob("doc_missing", 0, "x");
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::not_found);
  }
}

TEST_P(DocumentStoreTest, ListsTheOwnersDocumentsNewestFirstWithAStableCursor) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(documents.create(alice.id, "f" + std::to_string(i), "text/plain", {}).id);
  documents.create(bob.id, "other", "text/plain", {});
  const Page<DocumentRecord> first = documents.list(alice.id, PageRequest{3, std::nullopt});
  ASSERT_EQ(first.items.size(), 3U);
  EXPECT_EQ(first.items[0].id, ids[4]);
  ASSERT_TRUE(first.next_cursor);
  const Page<DocumentRecord> second = documents.list(alice.id, PageRequest{3, decode_cursor(*first.next_cursor)});
  ASSERT_EQ(second.items.size(), 2U);
  EXPECT_EQ(second.items[1].id, ids[0]);
  EXPECT_FALSE(second.next_cursor);
}

TEST_P(DocumentStoreTest, ReadyWritesChunksCountsAndDropsTheStoredUpload) {
  const DocumentRecord d = documents.create(alice.id, "a.txt", "text/plain", std::nullopt);
  documents.append_blob(d.id, 0, "raw");
  documents.mark_processing(d.id);
  EXPECT_EQ(documents.find(alice.id, d.id)->status, "processing");
  documents.mark_ready(d.id, 2, {chunk("first part", 1), chunk("second part", 2)});
  const DocumentRecord found = *documents.find(alice.id, d.id);
  EXPECT_EQ(found.status, "ready");
  EXPECT_EQ(found.page_count, std::optional<std::int64_t>(2));
  EXPECT_EQ(found.chunk_count, std::optional<std::int64_t>(2));
  const std::vector<ChunkRecord> chunks = documents.chunks(d.id);
  ASSERT_EQ(chunks.size(), 2U);
  EXPECT_EQ(chunks[1].seq, 1);
  EXPECT_EQ(chunks[1].page, 2);
  EXPECT_EQ(chunks[1].content, "second part");
  EXPECT_EQ(count("SELECT COUNT(*) FROM document_blobs WHERE document_id = ?", {d.id}), 0);
}

TEST_P(DocumentStoreTest, FailedDocumentsHaveNoChunksAndSayWhy) {
  const DocumentRecord d = ready_document(alice, "a.txt", {chunk("searchable words")});
  documents.mark_failed(d.id, "cleaning step 'x' failed: boom");
  const DocumentRecord found = *documents.find(alice.id, d.id);
  EXPECT_EQ(found.status, "failed");
  EXPECT_EQ(found.error, std::optional<std::string>("cleaning step 'x' failed: boom"));
  EXPECT_TRUE(documents.chunks(d.id).empty());
  EXPECT_TRUE(documents.search(alice.id, "searchable").empty());
}

TEST_P(DocumentStoreTest, SearchRanksTheChunkWithMoreMatchesFirstAndHighlightsThem) {
  const DocumentRecord manual = ready_document(
      alice, "manual.txt",
      {chunk("The worker pool claims jobs from the queue. Each worker renews its lease."),
       chunk("Configuration of the HTTP server: listen address, threads and body limits.", 2),
       chunk("Unrelated text about gardening and tomatoes.", 3)});
  const DocumentRecord other = ready_document(alice, "other.txt", {chunk("A queue of people waiting outside.")});
  const std::vector<SearchHit> hits = documents.search(alice.id, "worker lease queue", 10);
  ASSERT_EQ(hits.size(), 2U);
  EXPECT_EQ(hits[0].document_id, manual.id);
  EXPECT_EQ(hits[0].filename, "manual.txt");
  EXPECT_EQ(hits[0].page, 1);
  EXPECT_GT(hits[0].score, hits[1].score);
  EXPECT_NE(hits[0].snippet.find("<b>worker</b>"), std::string::npos) << hits[0].snippet;
  EXPECT_EQ(hits[1].document_id, other.id);
  EXPECT_FALSE(hits[0].chunk_id.empty());
  EXPECT_EQ(documents.search(alice.id, "threads", 10).at(0).page, 2);
}

std::set<std::string> chunk_ids(const std::vector<SearchHit>& hits) {
  std::set<std::string> ids;
  for (const SearchHit& hit : hits) ids.insert(hit.chunk_id);
  return ids;
}

TEST_P(DocumentStoreTest, ChunksWithEveryWordComeBeforeChunksWithSomeOfThem) {
  // "lease" alone, repeated in a short chunk, outweighs one mention of both words in a long one
  // by term frequency; holding every word still puts the long one first.
  ready_document(alice, "garden.txt", std::vector<NewChunk>(8, chunk("gardening and tomatoes")));
  const DocumentRecord some = ready_document(alice, "some.txt", {chunk("lease lease lease lease lease")});
  const DocumentRecord every = ready_document(
      alice, "every.txt",
      {chunk("A long paragraph about the worker pool, its threads, its queues and its timeouts, which mentions "
             "the lease once and says how a worker renews it before it expires.")});
  const std::vector<SearchHit> hits = documents.search(alice.id, "lease worker", 10);
  ASSERT_EQ(hits.size(), 2U);
  EXPECT_EQ(hits[0].document_id, every.id);
  EXPECT_EQ(hits[1].document_id, some.id);
  EXPECT_NE(hits[0].snippet.find("<b>worker</b>"), std::string::npos) << hits[0].snippet;
  EXPECT_NE(hits[0].snippet.find("<b>lease</b>"), std::string::npos) << hits[0].snippet;
  EXPECT_NE(hits[1].snippet.find("<b>lease</b>"), std::string::npos) << hits[1].snippet;
}

TEST_P(DocumentStoreTest, AnyWordHitsFillUpThePageOnlyAfterAllWordHitsAndNeverTwice) {
  std::vector<NewChunk> chunks;
  for (int i = 0; i < 3; ++i) chunks.push_back(chunk("alpha and beta together, part " + std::to_string(i)));
  for (int i = 0; i < 4; ++i) chunks.push_back(chunk("only alpha here, part " + std::to_string(i)));
  for (int i = 0; i < 2; ++i) chunks.push_back(chunk("only beta here, part " + std::to_string(i)));
  ready_document(alice, "a.txt", chunks);
  const auto holds_both = [](const SearchHit& hit) {
    return hit.snippet.find("<b>alpha</b>") != std::string::npos &&
           hit.snippet.find("<b>beta</b>") != std::string::npos;
  };

  const std::vector<SearchHit> page = documents.search(alice.id, "alpha beta", 5);
  ASSERT_EQ(page.size(), 5U);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_TRUE(holds_both(page[i])) << i << ": " << page[i].snippet;
  for (std::size_t i = 3; i < 5; ++i) EXPECT_FALSE(holds_both(page[i])) << i << ": " << page[i].snippet;
  EXPECT_EQ(chunk_ids(page).size(), 5U);

  const std::vector<SearchHit> everything = documents.search(alice.id, "beta alpha", 50);
  EXPECT_EQ(everything.size(), 9U);
  EXPECT_EQ(chunk_ids(everything).size(), 9U);

  // Enough chunks with every word: no fill-up at all.
  const std::vector<SearchHit> full = documents.search(alice.id, "alpha beta", 3);
  ASSERT_EQ(full.size(), 3U);
  for (const SearchHit& hit : full) EXPECT_TRUE(holds_both(hit)) << hit.snippet;
}

TEST_P(DocumentStoreTest, TheFillUpLeavesOutWordsFoundInThousandsOfChunks) {
  std::vector<NewChunk> chunks(2000, chunk("common filler text"));
  chunks.push_back(chunk("a zebra crossing"));
  ready_document(alice, "big.txt", chunks);
  // No chunk holds both words; "common" is in 2000 chunks, so only "zebra" fills up.
  const std::vector<SearchHit> hits = documents.search(alice.id, "zebra common", 10);
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_NE(hits[0].snippet.find("<b>zebra</b>"), std::string::npos) << hits[0].snippet;
  // No other word in any chunk: the common word fills up (from a bounded candidate set).
  EXPECT_EQ(documents.search(alice.id, "common unrelated", 10).size(), 10U);
}

TEST_P(DocumentStoreTest, WhenEveryWordIsCommonTheFillUpStillComesAfterTheAllWordHitsWithoutDuplicates) {
  std::vector<NewChunk> chunks(1999, chunk("common one"));
  chunks.insert(chunks.end(), 1999, chunk("filler two"));
  chunks.insert(chunks.end(), 3, chunk("common filler three"));
  ready_document(alice, "big.txt", chunks);
  const std::vector<SearchHit> hits = documents.search(alice.id, "common filler", 10);
  ASSERT_EQ(hits.size(), 10U);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    EXPECT_EQ(hits[i].snippet.find("three") != std::string::npos, i < 3) << i << ": " << hits[i].snippet;
  }
  EXPECT_EQ(chunk_ids(hits).size(), 10U);
}

TEST_P(DocumentStoreTest, SearchTextWithOperatorsOrNoWordsIsNotAnError) {
  ready_document(alice, "a.txt", {chunk("Alpha beta gamma.")});
  EXPECT_EQ(documents.search(alice.id, "\"alpha\" AND -(beta:* | NEAR(", 5).size(), 1U);
  EXPECT_TRUE(documents.search(alice.id, "  -- !! ", 5).empty());
  EXPECT_TRUE(documents.search(alice.id, "«…» — “?” & | ! :*", 5).empty());
  EXPECT_TRUE(documents.search(alice.id, "", 5).empty());
  EXPECT_EQ(documents.search(alice.id, "ALPHA", 0).size(), 1U); // limit clamps to at least 1
}

TEST_P(DocumentStoreTest, ASearchNeverReturnsAnotherOwnersChunks) {
  ready_document(alice, "secret.txt", {chunk("alice confidential merger plans")});
  const DocumentRecord bobs = ready_document(bob, "bob.txt", {chunk("bob public merger notes")});
  const std::vector<SearchHit> hits = documents.search(bob.id, "confidential merger plans alice", 50);
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(hits[0].document_id, bobs.id);
  EXPECT_TRUE(documents.search(bob.id, "confidential", 50).empty());
  // Alice's chunk holds every word; Bob's page still has only his own, whichever tier finds it.
  ready_document(bob, "bob2.txt", {chunk("merger")});
  const std::vector<SearchHit> mixed = documents.search(bob.id, "alice merger", 50);
  ASSERT_EQ(mixed.size(), 2U);
  for (const SearchHit& hit : mixed) EXPECT_NE(hit.filename, "secret.txt");
}

TEST_P(DocumentStoreTest, RemoveTakesChunksBlobsAndIndexEntriesAlong) {
  const DocumentRecord d = ready_document(alice, "a.txt", {chunk("zebra crossing"), chunk("zebra stripes")});
  const DocumentRecord pending = documents.create(alice.id, "b.txt", "text/plain", std::nullopt);
  documents.append_blob(pending.id, 0, "bytes");
  ASSERT_EQ(documents.search(alice.id, "zebra").size(), 2U);
  EXPECT_TRUE(documents.remove(alice.id, d.id));
  EXPECT_TRUE(documents.remove(alice.id, pending.id));
  EXPECT_FALSE(documents.find(alice.id, d.id));
  EXPECT_EQ(count("SELECT COUNT(*) FROM document_chunks"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM document_blobs"), 0);
  EXPECT_TRUE(documents.search(alice.id, "zebra").empty());
  if (GetParam() == Engine::sqlite) {
    // The index itself holds no entry for the removed rows: the term is gone from the FTS
    // vocabulary, and the index agrees with its content table.
    Connection connection = scratch.database().connect();
    connection.execute("CREATE VIRTUAL TABLE temp.fts_terms USING fts5vocab(main, 'document_chunks_fts', 'row')");
    EXPECT_EQ(connection.query_one("SELECT COUNT(*) FROM temp.fts_terms WHERE term = 'zebra'")->integer(0), 0);
    EXPECT_EQ(connection.query_one("SELECT COUNT(*) FROM temp.fts_terms")->integer(0), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM document_chunks_fts WHERE document_chunks_fts MATCH 'zebra'"), 0);
    EXPECT_NO_THROW(
        connection.execute("INSERT INTO document_chunks_fts (document_chunks_fts) VALUES ('integrity-check')"));
  }
}

TEST_P(DocumentStoreTest, ReprocessingReplacesTheChunks) {
  const DocumentRecord d = ready_document(alice, "a.txt", {chunk("old words")});
  documents.mark_ready(d.id, 1, {chunk("new words"), chunk("more new words")});
  EXPECT_TRUE(documents.search(alice.id, "old").empty());
  EXPECT_EQ(documents.search(alice.id, "new").size(), 2U);
  EXPECT_EQ(documents.find(alice.id, d.id)->chunk_count, std::optional<std::int64_t>(2));
}

TEST(SearchTermsTest, KeepsWordsDropsOperatorsAndDuplicates) {
  EXPECT_EQ(search_words("How do I configure \"worker\" pools? -pools NEAR(x)"),
            (std::vector<std::string>{"how", "do", "i", "configure", "worker", "pools", "near", "x"}));
  EXPECT_EQ(search_words("café — naïve"), (std::vector<std::string>{"café", "naïve"}));
  EXPECT_EQ(fts5_match_expression({"a", "b"}, WordMatch::any), "\"a\" OR \"b\"");
  EXPECT_EQ(fts5_match_expression({"a", "b"}, WordMatch::all), "\"a\" AND \"b\"");
  EXPECT_EQ(tsquery_expression({"a", "b"}, WordMatch::any), "'a' | 'b'");
  EXPECT_EQ(tsquery_expression({"a", "b"}, WordMatch::all), "'a' & 'b'");
  std::string many;
  for (int i = 0; i < 100; ++i) many += "w" + std::to_string(i) + " ";
  EXPECT_EQ(search_words(many).size(), kMaxSearchWords);
}

TEST(SearchTermsTest, FillUpDropsVeryCommonWordsUnlessAllAreCommon) {
  const std::vector<std::string> words{"the", "zebra", "with"};
  EXPECT_EQ(fill_up_plan(words, {100, 3, 99}, 100).words, (std::vector<std::string>{"zebra", "with"}));
  EXPECT_FALSE(fill_up_plan(words, {100, 3, 99}, 100).bounded);
  EXPECT_EQ(fill_up_plan(words, {100, 3, 0}, 100).words, (std::vector<std::string>{"zebra"}));
  EXPECT_EQ(fill_up_plan(words, {100, 0, 100}, 100).words, words);
  EXPECT_TRUE(fill_up_plan(words, {100, 0, 100}, 100).bounded);
  EXPECT_EQ(fill_up_plan(words, {100, 100, 100}, 100).words, words);
  EXPECT_TRUE(fill_up_plan(words, {100, 100, 100}, 100).bounded);
}

INSTANTIATE_TEST_SUITE_P(Engines, DocumentStoreTest, testing::both_engines(), testing::engine_name);

} // namespace
} // namespace agenthost::store
