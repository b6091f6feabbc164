// A recursive splitter: cleaned text into chunks of at most a target size in estimated tokens,
// split where the structure allows, with a configurable overlap between neighbours.
//
// The text is cut at the first kind of boundary that makes pieces small enough, in this order:
// page breaks ("\f"), headings ("\n#"), blank lines, line ends, sentence ends (". ", "! ",
// "? "), spaces, and finally between characters (never inside a UTF-8 sequence). The pieces are
// then packed greedily into chunks. Each chunk after the first starts with up to
// overlap_tokens of the previous chunk's end (cut at a word boundary), so a passage that
// straddles two chunks is found whole in one of them.
//
// Chunks are byte ranges of the text (offsets into the cleaned UTF-8), so every character
// belongs to some chunk; chunks holding only whitespace are dropped. A chunk never spans a page
// break (nor overlaps into the previous page), so its page (pages are separated by "\f", the
// first is 1) is where all of its text is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace agenthost::documents {

using TokenCounter = std::function<std::int64_t(std::string_view)>;

struct ChunkerSettings {
  std::int64_t target_tokens = 400;
  std::int64_t overlap_tokens = 50; // at most half the target (clamped)
};

struct TextChunk {
  std::size_t start = 0; // byte offsets into the text: [start, end)
  std::size_t end = 0;
  std::int64_t page = 1;
  std::int64_t tokens = 0; // the estimator's count for text[start, end)
};

// `estimate` defaults to the host's estimator (plugins::estimate_tokens).
std::vector<TextChunk> chunk_text(std::string_view text, const ChunkerSettings& settings,
                                  const TokenCounter& estimate = {});

} // namespace agenthost::documents
