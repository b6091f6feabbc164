// A reply's `regex` condition: a case-insensitive ECMAScript regular expression searched in the
// user's message. Kept behind this small interface so that <regex>, and the compiler quirk that
// comes with it (see pattern.cpp), stay in one file.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace scripted {

class MessagePattern {
public:
  // Throws std::invalid_argument saying why `source` is not a valid expression.
  explicit MessagePattern(const std::string& source);

  // Whether the expression occurs in `text` (within its first kRegexWindow bytes).
  bool found_in(std::string_view text) const;

private:
  struct Compiled;
  std::shared_ptr<const Compiled> compiled_; // immutable, so copies and threads may share it
};

} // namespace scripted
