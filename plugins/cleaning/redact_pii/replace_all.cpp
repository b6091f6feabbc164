// Applying a finder to a whole text: one pass, one new string, untouched when nothing matched.
#include "pii_finders.hpp"

#include <utility>

namespace redact_pii {

std::size_t replace_all(std::string& text, Finder find, std::string_view placeholder) {
  std::string out;
  std::size_t count = 0, copied = 0;
  for (auto m = find(text, 0); m; m = find(text, m->end)) {
    out.append(text, copied, m->begin - copied);
    out.append(placeholder);
    copied = m->end;
    ++count;
  }
  if (count == 0) return 0;
  out.append(text, copied, std::string::npos);
  text = std::move(out);
  return count;
}

} // namespace redact_pii
