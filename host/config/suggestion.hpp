// "Did you mean ...?" for misspelt keys, sections and references.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::config {

// The candidate closest to `word` by case-insensitive edit distance, if it is close enough to
// be a plausible typo (at most one edit per three characters, never more than three).
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" when closest_match finds one, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c"
std::string join_names(const std::vector<std::string>& names);

} // namespace agenthost::config
