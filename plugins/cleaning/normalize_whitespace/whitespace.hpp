// normalize_whitespace's rules, free of the SDK so they can be tested and benchmarked alone.
#pragma once

#include <string>
#include <string_view>

namespace normalize_whitespace {

struct Options {
  // Treat U+00A0 NO-BREAK SPACE and the other Unicode space separators (U+1680, U+2000..U+200A,
  // U+202F, U+205F, U+3000) like an ASCII space: collapsed and trimmed with it.
  bool nbsp_to_space = true;
};

// Line endings become "\n"; in every line, runs of spaces and tabs become one space and the line
// is trimmed; runs of blank lines become one; each page (pages are separated by "\f", which is
// kept) loses its leading and trailing blank lines. The result is a fixed point: normalizing it
// again changes nothing.
std::string normalize(std::string_view text, const Options& options);

} // namespace normalize_whitespace
