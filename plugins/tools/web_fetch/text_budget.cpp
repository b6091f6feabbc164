#include "text_budget.hpp"

#include <cstddef>

namespace web_fetch {

namespace {

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Moves `at` back to the start of the UTF-8 character it is inside (or leaves it at a boundary).
std::size_t character_boundary(std::string_view text, std::size_t at) {
  while (at > 0 && at < text.size() && is_continuation_byte(text[at])) --at;
  return at;
}

// The end of the last paragraph, line or sentence in text[0, cut) when it lies in the last fifth
// of it (the strongest break wins: a paragraph over a line over a sentence); `cut` otherwise.
std::size_t natural_break(std::string_view text, std::size_t cut) {
  const std::size_t earliest = cut - cut / 5;
  const std::string_view prefix = text.substr(0, cut);
  if (const std::size_t paragraph = prefix.rfind("\n\n"); paragraph != std::string_view::npos && paragraph >= earliest)
    return paragraph;
  if (const std::size_t line = prefix.rfind('\n'); line != std::string_view::npos && line >= earliest) return line;
  std::size_t sentence = std::string_view::npos;
  for (const char* end : {". ", "! ", "? ", "\xE3\x80\x82"}) { // the last is the ideographic full stop
    const std::size_t at = prefix.rfind(end);
    if (at != std::string_view::npos && at >= earliest && (sentence == std::string_view::npos || at > sentence))
      sentence = at + (end[0] == '\xE3' ? 3 : 1); // keep the punctuation
  }
  return sentence != std::string_view::npos ? sentence : cut;
}

} // namespace

BudgetedText fit_to_budget(std::string text, int64_t max_tokens, const TokenCounter& count) {
  BudgetedText out;
  if (count(text) <= max_tokens) {
    out.text = std::move(text);
    return out;
  }
  // Invariant: the prefix of length `fits` fits; the one of length `too_long` does not.
  std::size_t fits = 0, too_long = text.size();
  while (too_long - fits > 1) {
    std::size_t middle = character_boundary(text, fits + (too_long - fits) / 2);
    if (middle <= fits) middle = fits + 1;
    while (middle < too_long && is_continuation_byte(text[middle])) ++middle; // whole characters only
    if (middle >= too_long) break;
    if (count(std::string_view(text).substr(0, middle)) <= max_tokens) fits = middle;
    else too_long = middle;
  }
  std::size_t cut = natural_break(text, fits);
  while (cut > 0 && (text[cut - 1] == ' ' || text[cut - 1] == '\n' || text[cut - 1] == '\t' || text[cut - 1] == '\r'))
    --cut;
  text.resize(cut);
  out.text = std::move(text);
  out.truncated = true;
  return out;
}

std::string cap_bytes(std::string text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  text.resize(character_boundary(text, max_bytes - 3));
  return text + "...";
}

} // namespace web_fetch
