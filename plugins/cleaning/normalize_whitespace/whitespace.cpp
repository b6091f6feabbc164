#include "whitespace.hpp"

#include <cstddef>

namespace normalize_whitespace {
namespace {

// Byte length of the horizontal whitespace character at text[i], or 0 when there is none.
// Line breaks and "\f" are structure, not spaces, and are handled by the caller.
std::size_t space_length(std::string_view text, std::size_t i, bool unicode_spaces) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c == ' ' || c == '\t' || c == '\v') return 1;
  if (!unicode_spaces || c < 0xC2) return 0;
  const std::size_t left = text.size() - i;
  if (c == 0xC2 && left >= 2 && byte(i + 1) == 0xA0) return 2; // U+00A0
  if (left < 3) return 0;
  const unsigned char b1 = byte(i + 1), b2 = byte(i + 2);
  if (c == 0xE1 && b1 == 0x9A && b2 == 0x80) return 3;                 // U+1680
  if (c == 0xE2 && b1 == 0x80 && (b2 <= 0x8A || b2 == 0xAF)) return 3; // U+2000..U+200A, U+202F
  if (c == 0xE2 && b1 == 0x81 && b2 == 0x9F) return 3;                 // U+205F
  if (c == 0xE3 && b1 == 0x80 && b2 == 0x80) return 3;                 // U+3000
  return 0;
}

// Appends lines to `out`, dropping blank lines at the start and end of each page and keeping at
// most one blank line between two lines with text.
class PageWriter {
public:
  explicit PageWriter(std::string& out) : out_(out) {}

  void space() { pending_space_ = line_has_text_; }
  void character(std::string_view bytes) {
    if (!line_has_text_) {
      if (page_has_text_) out_.append(blank_line_pending_ ? "\n\n" : "\n");
      page_has_text_ = line_has_text_ = true;
      blank_line_pending_ = false;
    } else if (pending_space_) {
      out_.push_back(' ');
    }
    pending_space_ = false;
    out_.append(bytes);
  }
  void end_line() {
    if (!line_has_text_) blank_line_pending_ = page_has_text_;
    line_has_text_ = pending_space_ = false;
  }
  void end_page() {
    end_line();
    out_.push_back('\f');
    page_has_text_ = blank_line_pending_ = false;
  }

private:
  std::string& out_;
  bool page_has_text_ = false;
  bool line_has_text_ = false;
  bool pending_space_ = false;
  bool blank_line_pending_ = false;
};

} // namespace

std::string normalize(std::string_view text, const Options& options) {
  std::string out;
  out.reserve(text.size());
  PageWriter writer(out);
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\n') {
      writer.end_line();
      ++i;
    } else if (c == '\r') {
      writer.end_line(); // "\r\n" and a lone "\r" both end one line
      i += (i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
    } else if (c == '\f') {
      writer.end_page();
      ++i;
    } else if (const std::size_t n = space_length(text, i, options.nbsp_to_space)) {
      writer.space();
      i += n;
    } else {
      // Copy the run of ordinary bytes up to the next byte that may need attention.
      std::size_t end = i + 1;
      while (end < text.size()) {
        const unsigned char b = static_cast<unsigned char>(text[end]);
        if (b <= ' ' || b == 0xC2 || b == 0xE1 || b == 0xE2 || b == 0xE3) break;
        ++end;
      }
      writer.character(text.substr(i, end - i));
      i = end;
    }
  }
  writer.end_line();
  return out;
}

} // namespace normalize_whitespace
