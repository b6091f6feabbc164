// A user's search text as words the full-text engines can match safely.
//
// The user's text never reaches FTS5's MATCH or PostgreSQL's to_tsquery as is: their operator
// syntax (quotes, NEAR, '-', ':', '&', '|', '!') would turn a question into a syntax error or a
// different query. Words are kept, quoted, and joined with OR so a chunk matching more of them
// ranks higher (bm25 / ts_rank) without requiring every word.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace agenthost::store {

inline constexpr std::size_t kMaxSearchWords = 32;

// Runs of letters and digits (any non-ASCII code point outside the Unicode punctuation blocks
// counts as a letter), ASCII lower-cased, duplicates dropped, at most kMaxSearchWords.
std::vector<std::string> search_words(std::string_view text);

// "\"alpha\" OR \"beta\"" (FTS5).
std::string fts5_match_expression(const std::vector<std::string>& words);
// "'alpha' | 'beta'" (PostgreSQL to_tsquery).
std::string tsquery_expression(const std::vector<std::string>& words);

} // namespace agenthost::store
