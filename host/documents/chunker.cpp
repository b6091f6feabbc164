#include "documents/chunker.hpp"

#include "plugins/token_estimate.hpp"

#include <algorithm>

namespace agenthost::documents {
namespace {

struct Separator {
  std::string_view text;
  std::size_t cut; // the cut is this many bytes after the separator's start
};

// Coarsest first. "\n#": the heading starts the next piece; the others stay with the piece
// they end.
constexpr Separator kSeparators[] = {
    {"\f", 1}, {"\n#", 1}, {"\n\n", 2}, {"\n", 1}, {". ", 2}, {"! ", 2}, {"? ", 2}, {" ", 1},
};
constexpr std::size_t kSeparatorCount = sizeof(kSeparators) / sizeof(kSeparators[0]);

struct Atom {
  std::size_t start;
  std::size_t end;
  std::int64_t tokens;
};

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

class Splitter {
public:
  Splitter(std::string_view text, std::int64_t target, const TokenCounter& estimate)
      : text_(text), target_(target), estimate_(estimate) {}

  std::int64_t tokens(std::size_t start, std::size_t end) const { return estimate_(text_.substr(start, end - start)); }

  // Pieces of [start, end) each within the target, in order, covering the range exactly.
  void split(std::size_t start, std::size_t end, std::size_t level, std::vector<Atom>& atoms) const {
    if (start >= end) return;
    const std::int64_t count = tokens(start, end);
    if (count <= target_) return atoms.push_back(Atom{start, end, count});
    for (; level < kSeparatorCount; ++level) {
      const Separator& separator = kSeparators[level];
      std::vector<std::size_t> cuts;
      for (std::size_t at = text_.find(separator.text, start); at != std::string_view::npos && at < end;
           at = text_.find(separator.text, at + 1)) {
        const std::size_t cut = at + separator.cut;
        if (cut > start && cut < end && (cuts.empty() || cut > cuts.back())) cuts.push_back(cut);
      }
      if (cuts.empty()) continue;
      std::size_t piece_start = start;
      cuts.push_back(end);
      for (std::size_t cut : cuts) {
        split(piece_start, cut, level + 1, atoms);
        piece_start = cut;
      }
      return;
    }
    split_characters(start, end, atoms);
  }

private:
  // No boundary left (one very long word): the longest prefixes within the target, cut between
  // UTF-8 sequences.
  void split_characters(std::size_t start, std::size_t end, std::vector<Atom>& atoms) const {
    while (start < end) {
      std::size_t low = start + 1, high = end; // the answer is in [low, high]
      while (low < end && is_continuation(text_[low])) ++low;
      while (low < high) {
        std::size_t mid = low + (high - low + 1) / 2;
        while (mid < end && is_continuation(text_[mid])) ++mid;
        if (mid > high) mid = high;
        if (tokens(start, mid) <= target_) {
          if (mid == low) break;
          low = mid;
        } else {
          high = mid - 1;
          while (high > low && high < end && is_continuation(text_[high])) --high;
        }
      }
      atoms.push_back(Atom{start, low, tokens(start, low)});
      start = low;
    }
  }

  std::string_view text_;
  std::int64_t target_;
  const TokenCounter& estimate_;
};

// The earliest word boundary q in (floor, end) with tokens(q, end) <= budget, or `end`.
std::size_t overlap_start(const Splitter& splitter, std::string_view text, std::size_t floor, std::size_t end,
                          std::int64_t budget) {
  std::size_t best = end;
  if (budget <= 0) return best;
  for (std::size_t q = end; q > floor + 1;) {
    --q;
    if (!is_space(text[q - 1]) || is_space(text[q])) continue;
    if (splitter.tokens(q, end) > budget) break;
    best = q;
  }
  return best;
}

bool only_whitespace(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return is_space(c); });
}

} // namespace

std::vector<TextChunk> chunk_text(std::string_view text, const ChunkerSettings& settings,
                                  const TokenCounter& estimate) {
  const TokenCounter estimator = estimate ? estimate : TokenCounter([](std::string_view piece) { return plugins::estimate_tokens(piece); });
  const std::int64_t target = std::max<std::int64_t>(1, settings.target_tokens);
  const std::int64_t overlap = std::clamp<std::int64_t>(settings.overlap_tokens, 0, target / 2);
  const Splitter splitter(text, target, estimator);

  // Pages are always split apart, whatever their size; the rest only as far as needed.
  std::vector<std::size_t> page_breaks;
  for (std::size_t at = text.find('\f'); at != std::string_view::npos; at = text.find('\f', at + 1))
    page_breaks.push_back(at);
  std::vector<Atom> atoms;
  std::size_t page_start = 0;
  for (std::size_t page_break : page_breaks) {
    splitter.split(page_start, page_break + 1, 1, atoms);
    page_start = page_break + 1;
  }
  splitter.split(page_start, text.size(), 1, atoms);

  std::vector<TextChunk> chunks;
  std::size_t previous_start = 0;
  for (std::size_t i = 0; i < atoms.size();) {
    std::size_t start = atoms[i].start;
    std::int64_t used = 0;
    const bool new_page = atoms[i].start > 0 && text[atoms[i].start - 1] == '\f';
    if (!chunks.empty() && !new_page) {
      // The overlap may take only what leaves room for the next piece.
      start = overlap_start(splitter, text, previous_start, atoms[i].start,
                            std::min(overlap, target - atoms[i].tokens));
      if (start < atoms[i].start) used = splitter.tokens(start, atoms[i].start);
    }
    const std::size_t first = i;
    std::size_t end = atoms[i].start;
    while (i < atoms.size() && used + atoms[i].tokens <= target) {
      used += atoms[i].tokens;
      end = atoms[i].end;
      ++i;
      if (text[end - 1] == '\f') break; // a chunk never spans pages, so its page is exact
    }
    if (i == first) { // only with an estimator that is not additive: never loop forever
      end = atoms[i].end;
      ++i;
    }
    const std::string_view content = text.substr(start, end - start);
    if (only_whitespace(content)) continue;
    TextChunk chunk;
    chunk.start = start;
    chunk.end = end;
    chunk.tokens = estimator(content);
    chunk.page = 1 + (std::lower_bound(page_breaks.begin(), page_breaks.end(), start) - page_breaks.begin());
    chunks.push_back(chunk);
    previous_start = start;
  }
  return chunks;
}

} // namespace agenthost::documents
