#include "documents/chunker.hpp"

#include "plugins/token_estimate.hpp"

#include <gtest/gtest.h>

#include <random>

namespace agenthost::documents {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// Text shaped like cleaned documents: pages, headings, paragraphs, sentences, multi-byte
// characters and the occasional very long "word" (a URL, a hash).
std::string random_document(std::mt19937& rng) {
  const std::vector<std::string> words = {"the", "worker", "claims", "jobs", "queue", "lease", "naïve", "café",
                                          "données", "日本語", "renewal", "a", "of", "heartbeat", "émigré"};
  std::uniform_int_distribution<int> pick(0, static_cast<int>(words.size()) - 1);
  std::uniform_int_distribution<int> percent(0, 99);
  std::string text;
  const int pages = 1 + percent(rng) % 4;
  for (int p = 0; p < pages; ++p) {
    if (p > 0) text += '\f';
    const int paragraphs = 1 + percent(rng) % 6;
    for (int q = 0; q < paragraphs; ++q) {
      if (percent(rng) < 30) text += "# Heading " + std::to_string(q) + "\n";
      const int sentences = 1 + percent(rng) % 8;
      for (int s = 0; s < sentences; ++s) {
        const int length = 3 + percent(rng) % 25;
        for (int w = 0; w < length; ++w) {
          if (w > 0) text += ' ';
          text += percent(rng) < 2 ? std::string(120 + percent(rng) * 3, 'x') : words[pick(rng)];
        }
        text += percent(rng) < 80 ? ". " : "\n";
      }
      text += "\n\n";
    }
  }
  return text;
}

void check_properties(const std::string& text, const ChunkerSettings& settings) {
  const std::vector<TextChunk> chunks = chunk_text(text, settings);
  std::vector<bool> covered(text.size(), false);
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const TextChunk& chunk = chunks[i];
    ASSERT_LT(chunk.start, chunk.end) << "empty chunk " << i;
    ASSERT_LE(chunk.end, text.size());
    const std::string_view content = std::string_view(text).substr(chunk.start, chunk.end - chunk.start);
    EXPECT_FALSE(std::all_of(content.begin(), content.end(), is_space)) << "whitespace-only chunk " << i;
    EXPECT_EQ(chunk.tokens, plugins::estimate_tokens(content));
    EXPECT_LE(chunk.tokens, settings.target_tokens) << "chunk " << i << " is over the target";
    const std::int64_t page =
        1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(chunk.start), '\f');
    EXPECT_EQ(chunk.page, page) << "chunk " << i;
    // Only a page's last byte (its "\f") may be a form feed: chunks stay on one page.
    EXPECT_EQ(content.substr(0, content.size() - 1).find('\f'), std::string_view::npos) << "chunk " << i;
    // Never inside a UTF-8 sequence.
    EXPECT_NE(static_cast<unsigned char>(text[chunk.start]) & 0xC0, 0x80);
    if (chunk.end < text.size()) {
      EXPECT_NE(static_cast<unsigned char>(text[chunk.end]) & 0xC0, 0x80);
    }
    if (i > 0) {
      const TextChunk& previous = chunks[i - 1];
      EXPECT_GT(chunk.start, previous.start) << "chunks go forward";
      EXPECT_GE(chunk.end, previous.end);
      if (chunk.start < previous.end) { // the overlap: at most the configured tokens
        EXPECT_LE(plugins::estimate_tokens(std::string_view(text).substr(chunk.start, previous.end - chunk.start)),
                  settings.overlap_tokens);
      }
    }
    for (std::size_t at = chunk.start; at < chunk.end; ++at) covered[at] = true;
  }
  for (std::size_t at = 0; at < text.size(); ++at)
    if (!is_space(text[at])) {
      ASSERT_TRUE(covered[at]) << "byte " << at << " is in no chunk";
    }
}

TEST(ChunkerTest, PropertiesHoldOnManyRandomDocumentsAndSettings) {
  std::mt19937 rng(20261129);
  const ChunkerSettings settings_list[] = {{400, 50}, {64, 16}, {20, 0}, {16, 8}, {1000, 100}};
  for (int round = 0; round < 60; ++round) {
    const std::string text = random_document(rng);
    for (const ChunkerSettings& settings : settings_list) {
      SCOPED_TRACE("round " + std::to_string(round) + " target " + std::to_string(settings.target_tokens));
      check_properties(text, settings);
      if (HasFatalFailure()) return;
    }
  }
}

TEST(ChunkerTest, PrefersHeadingsAndParagraphsOverSentences) {
  const std::string section_a = "# Alpha\n" + std::string(60, 'a') + " end of alpha.\n\n";
  const std::string section_b = "# Beta\n" + std::string(60, 'b') + " end of beta.\n";
  const std::vector<TextChunk> chunks = chunk_text(section_a + section_b, ChunkerSettings{30, 0});
  ASSERT_EQ(chunks.size(), 2U);
  EXPECT_EQ(chunks[1].start, section_a.size()); // the cut is inside "\n#": the heading starts chunk 2
  EXPECT_EQ((section_a + section_b).substr(chunks[1].start, 7), "# Beta\n");
}

TEST(ChunkerTest, OverlapRepeatsTheEndOfThePreviousChunkAtAWordBoundary) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "word" + std::to_string(i % 10) + " ";
  const std::vector<TextChunk> chunks = chunk_text(text, ChunkerSettings{50, 10});
  ASSERT_GT(chunks.size(), 3U);
  for (std::size_t i = 1; i < chunks.size(); ++i) {
    ASSERT_LT(chunks[i].start, chunks[i - 1].end) << "chunk " << i << " has no overlap";
    EXPECT_EQ(text[chunks[i].start - 1], ' '); // starts at a word
    EXPECT_GE(plugins::estimate_tokens(std::string_view(text).substr(chunks[i].start, chunks[i - 1].end - chunks[i].start)),
              7); // close to the configured 10, not a token or two
  }
}

TEST(ChunkerTest, PagesFollowFormFeeds) {
  const std::string text = "first page text\fsecond page text\fthird";
  const std::vector<TextChunk> chunks = chunk_text(text, ChunkerSettings{5, 0});
  ASSERT_EQ(chunks.size(), 3U);
  EXPECT_EQ(chunks[0].page, 1);
  EXPECT_EQ(chunks[1].page, 2);
  EXPECT_EQ(chunks[2].page, 3);
  EXPECT_EQ(text.substr(chunks[2].start, chunks[2].end - chunks[2].start), "third");
}

TEST(ChunkerTest, EmptyOrBlankTextHasNoChunks) {
  EXPECT_TRUE(chunk_text("", ChunkerSettings{}).empty());
  EXPECT_TRUE(chunk_text(" \n\n\f \n", ChunkerSettings{}).empty());
}

TEST(ChunkerTest, OneVeryLongWordIsCutBetweenCharacters) {
  std::string word;
  for (int i = 0; i < 300; ++i) word += "é";
  const std::vector<TextChunk> chunks = chunk_text(word, ChunkerSettings{10, 0});
  ASSERT_EQ(chunks.size(), 8U); // 300 code points / 40 per chunk
  for (const TextChunk& chunk : chunks) EXPECT_LE(chunk.tokens, 10);
  EXPECT_EQ(chunks.back().end, word.size());
}

} // namespace
} // namespace agenthost::documents
