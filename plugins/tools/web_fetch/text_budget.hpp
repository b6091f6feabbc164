// web_fetch: cutting a page's text to the token budget the model gets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace web_fetch {

using TokenCounter = std::function<int64_t(std::string_view text)>;

struct BudgetedText {
  std::string text;
  bool truncated = false;
};

// `text` when count(text) <= max_tokens; otherwise its longest prefix that fits (found by binary
// search over UTF-8 character boundaries, so the counter runs O(log n) times), moved back to the
// end of the last paragraph, line or sentence in that prefix when one ends in its last fifth, so
// the model does not read half a sentence. Trailing blanks are dropped.
BudgetedText fit_to_budget(std::string text, int64_t max_tokens, const TokenCounter& count);

// Longest title returned, in bytes: the budget counts the text, and a hostile page must not slip
// a megabyte past it in its <title> (real titles are well under 200 bytes).
inline constexpr std::size_t kMaxTitleBytes = 300;

// `text` when it has at most `max_bytes` (>= 4) bytes; otherwise its longest prefix that ends on
// a UTF-8 character boundary and leaves room for the "..." appended to mark the cut.
std::string cap_bytes(std::string text, std::size_t max_bytes);

} // namespace web_fetch
