// A cheap pre-scan that refuses pathologically nested HTML before libgumbo parses it: gumbo's
// time and memory grow with the square of the nesting depth (20 000 nested <div>s, a 100 KB
// file, take 40 s and 3 GB), so one hostile upload could take a worker down.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace html_to_text {

constexpr std::size_t kMaxNestingDepth = 1000;

// The byte offset of the start tag that first opens more than `limit` elements at once, or
// nullopt. Counts start and end tags, not the tree: void elements, self-closing tags and the
// elements whose end tag HTML lets authors omit (p, li, td, tr, ...) do not nest here, and the
// contents of comments, script, style and the other raw-text elements are skipped.
std::optional<std::size_t> excessive_nesting(std::string_view html, std::size_t limit = kMaxNestingDepth);

} // namespace html_to_text
