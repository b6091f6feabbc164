// GCC 12 reports a false -Wmaybe-uninitialized inside libstdc++'s <regex> (moving an NFA state's
// std::function) when optimising with sanitizers on; it is not about code in this file.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "pattern.hpp"

#include <regex>
#include <stdexcept>

namespace scripted {

namespace {

// libstdc++'s matcher recurses per character, so an unbounded subject could exhaust a worker's
// stack on a long pasted document. Patterns are meant for the start of a prompt.
constexpr std::size_t kRegexWindow = 2048;

} // namespace

struct MessagePattern::Compiled {
  std::regex regex;
};

MessagePattern::MessagePattern(const std::string& source) {
  try {
    compiled_ = std::make_shared<const Compiled>(Compiled{std::regex(source, std::regex::ECMAScript | std::regex::icase)});
  } catch (const std::regex_error& e) {
    throw std::invalid_argument(e.what());
  }
}

bool MessagePattern::found_in(std::string_view text) const {
  const std::string_view window = text.substr(0, kRegexWindow);
  try {
    return std::regex_search(window.begin(), window.end(), compiled_->regex);
  } catch (const std::regex_error&) {
    return false; // too complex for this input: no match rather than a failed chat
  }
}

} // namespace scripted
