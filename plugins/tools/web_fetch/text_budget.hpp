// web_fetch: cutting a page's text to the token budget the model gets.
#pragma once

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

} // namespace web_fetch
