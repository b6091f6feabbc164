// normalize_unicode's rules, free of the SDK so they can be tested and benchmarked alone.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace normalize_unicode {

enum class OnInvalid { repair, reject };

struct Findings {
  std::size_t invalid_sequences = 0;   // replaced with U+FFFD
  std::size_t removed_characters = 0;  // controls, zero-width characters, soft hyphens
};

// Thrown for invalid UTF-8 under OnInvalid::reject.
class InvalidUtf8 : public std::runtime_error {
public:
  InvalidUtf8(std::size_t offset, unsigned char byte);
  std::size_t offset() const noexcept { return offset_; }

private:
  std::size_t offset_;
};

// 1. Invalid UTF-8: each maximal ill-formed subsequence becomes U+FFFD (the Unicode/WHATWG
//    "substitution of maximal subparts"), or InvalidUtf8 is thrown naming the first bad byte.
// 2. "\r\n" and a lone "\r" become "\n" (a line break stays a line break).
// 3. Removed: C0 controls except "\n", "\t", "\f"; DEL; C1 controls U+0080..U+009F; zero-width
//    U+200B..U+200D, U+2060, U+FEFF; soft hyphen U+00AD.
// 4. The text is put in NFC (utf8proc). Composition never crosses a line break, so it runs line
//    by line and memory stays proportional to the longest line, not to the document.
std::string clean(std::string_view text, OnInvalid on_invalid, Findings& findings);

} // namespace normalize_unicode
