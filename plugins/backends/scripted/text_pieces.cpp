#include "text_pieces.hpp"

namespace scripted {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Bytes in the UTF-8 character starting with `lead` (1 for anything that cannot start one).
std::size_t character_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

// Length of the character at `pos`, trusting the lead byte only when its continuation bytes
// are really there; otherwise the byte stands alone.
std::size_t character_at(std::string_view text, std::size_t pos) {
  const std::size_t length = character_length(static_cast<unsigned char>(text[pos]));
  if (pos + length > text.size()) return 1;
  for (std::size_t i = 1; i < length; ++i)
    if ((static_cast<unsigned char>(text[pos + i]) & 0xC0) != 0x80) return 1;
  return length;
}

} // namespace

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> pieces;
  std::size_t start = 0;
  const std::size_t n = text.size();
  while (start < n) {
    std::size_t end = start;
    while (end < n && is_space(text[end])) ++end;
    while (end < n && !is_space(text[end])) ++end;
    std::size_t rest = end;
    while (rest < n && is_space(text[rest])) ++rest;
    if (rest == n) end = n; // trailing whitespace joins the last word instead of standing alone
    pieces.push_back(text.substr(start, end - start));
    start = end;
  }
  return pieces;
}

std::vector<std::string_view> split_characters(std::string_view text) {
  std::vector<std::string_view> pieces;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t length = character_at(text, pos);
    pieces.push_back(text.substr(pos, length));
    pos += length;
  }
  return pieces;
}

std::vector<std::string_view> split_fragments(std::string_view text, std::size_t max_bytes) {
  std::vector<std::string_view> pieces;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start;
    while (end < text.size()) {
      const std::size_t length = character_at(text, end);
      if (end > start && end + length - start > max_bytes) break;
      end += length;
    }
    pieces.push_back(text.substr(start, end - start));
    start = end;
  }
  return pieces;
}

} // namespace scripted
