// dedupe_lines's rules, free of the SDK so they can be tested and benchmarked alone.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dedupe_lines {

struct Options {
  std::size_t min_pages = 3;   // fewer pages than this: nothing is removed
  double min_fraction = 0.5;   // a line must repeat on at least this share of the pages
  std::size_t edge_lines = 3;  // non-blank lines looked at on each page's top and bottom
};

struct Result {
  std::string text;
  std::size_t removed_lines = 0;
};

// Pages are separated by "\f". A line is a running header or footer when, compared with digits
// ignored ("Page 3 of 10" = "Page 4 of 10") along with case and spacing, it is among the first
// or last `edge_lines` non-blank lines of at least max(min_pages, ceil(min_fraction x pages))
// pages. Such lines are removed from those edge positions only (the same words in the body of a
// page stay), together with the blank lines their removal leaves at the page's edges.
Result remove_repeated(std::string_view text, const Options& options);

} // namespace dedupe_lines
