#include "store/search_terms.hpp"

#include <algorithm>
#include <cstdint>

namespace agenthost::store {
namespace {

// The code point starting at text[i] and its length; invalid bytes count as one-byte U+FFFD.
std::pair<std::uint32_t, std::size_t> decode(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (lead < 0x80 || i + length > text.size()) return {lead < 0x80 ? lead : 0xFFFD, 1};
  std::uint32_t cp = lead & (0x3F >> (length - 1));
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return {0xFFFD, 1};
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  return {cp, length};
}

bool is_word_code_point(std::uint32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  if (cp >= 0x80 && cp <= 0xBF) return false;     // Latin-1 controls, NBSP, symbols, « »
  if (cp == 0xD7 || cp == 0xF7) return false;     // × ÷
  if (cp >= 0x2000 && cp <= 0x2BFF) return false; // punctuation, symbols, arrows, dashes, quotes
  if (cp >= 0x3000 && cp <= 0x303F) return false; // CJK punctuation
  if (cp >= 0xFE30 && cp <= 0xFE4F) return false;
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false;
  if (cp == 0xFEFF || cp == 0xFFFD) return false;
  return true;
}

} // namespace

std::vector<std::string> search_words(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  const auto flush = [&] {
    if (!current.empty() && std::find(words.begin(), words.end(), current) == words.end()) words.push_back(current);
    current.clear();
  };
  for (std::size_t i = 0; i < text.size() && words.size() < kMaxSearchWords;) {
    const auto [cp, length] = decode(text, i);
    if (is_word_code_point(cp)) {
      if (cp < 0x80) {
        current += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
      } else {
        current.append(text.substr(i, length));
      }
    } else {
      flush();
    }
    i += length;
  }
  if (words.size() < kMaxSearchWords) flush();
  return words;
}

std::string fts5_match_expression(const std::vector<std::string>& words, WordMatch match) {
  const std::string separator = match == WordMatch::all ? " AND \"" : " OR \"";
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "\"" : separator) + word + "\"";
  return out;
}

std::string tsquery_expression(const std::vector<std::string>& words, WordMatch match) {
  const std::string separator = match == WordMatch::all ? " & '" : " | '";
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "'" : separator) + word + "'";
  return out;
}

FillUp fill_up_plan(const std::vector<std::string>& words, const std::vector<std::int64_t>& rows,
                    std::int64_t common_rows) {
  FillUp plan;
  for (std::size_t i = 0; i < words.size() && i < rows.size(); ++i) {
    if (rows[i] > 0 && rows[i] < common_rows) plan.words.push_back(words[i]); // a word in no chunk matches nothing
  }
  if (plan.words.empty()) plan = FillUp{words, true};
  return plan;
}

} // namespace agenthost::store
