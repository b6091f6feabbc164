// A user's search text as words the full-text engines can match safely.
//
// The user's text never reaches FTS5's MATCH or PostgreSQL's to_tsquery as is: their operator
// syntax (quotes, NEAR, '-', ':', '&', '|', '!') would turn a question into a syntax error or a
// different query. Words are kept and quoted, then joined with AND (the chunks with every word,
// ranked first) or OR (any word: what fills up the page when too few chunks hold every word).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::store {

inline constexpr std::size_t kMaxSearchWords = 32;

enum class WordMatch { any, all };

// Runs of letters and digits (any non-ASCII code point outside the Unicode punctuation blocks
// counts as a letter), ASCII lower-cased, duplicates dropped, at most kMaxSearchWords.
std::vector<std::string> search_words(std::string_view text);

// "\"alpha\" OR \"beta\"" / "\"alpha\" AND \"beta\"" (FTS5).
std::string fts5_match_expression(const std::vector<std::string>& words, WordMatch match);
// "'alpha' | 'beta'" / "'alpha' & 'beta'" (PostgreSQL to_tsquery).
std::string tsquery_expression(const std::vector<std::string>& words, WordMatch match);

// What the any-word fill-up matches. Ranking every chunk with a very common word costs time in
// proportion to the library, and such a word says little about relevance (its bm25 / ts_rank
// weight is near zero), so the fill-up keeps the words found in fewer than `common_rows` chunks
// (`rows[i]`: how many chunks hold words[i], counted up to common_rows). When none is left
// (every word is that common, or in no chunk at all), it keeps all words and ranks a bounded set
// of candidates instead (`bounded`).
struct FillUp {
  std::vector<std::string> words;
  bool bounded = false;
};
FillUp fill_up_plan(const std::vector<std::string>& words, const std::vector<std::int64_t>& rows,
                    std::int64_t common_rows);

} // namespace agenthost::store
