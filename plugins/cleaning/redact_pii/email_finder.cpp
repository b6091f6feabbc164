// E-mail addresses: local@domain, where the local part is letters, digits and . _ % + - (and
// non-ASCII letters), not starting or ending with '.', and the domain is two or more labels of
// letters, digits and '-' (or non-ASCII), the last one at least two letters. A sentence's final
// '.' is not part of the address.
#include "pii_finders.hpp"

namespace redact_pii {
namespace {

bool is_local_char(char c) {
  return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || static_cast<unsigned char>(c) >= 0x80;
}
bool is_label_char(char c) { return is_alnum(c) || c == '-' || static_cast<unsigned char>(c) >= 0x80; }

// The end of the domain starting at `start`, or `start` when there is no acceptable domain.
std::size_t domain_end(std::string_view text, std::size_t start) {
  std::size_t pos = start, end = start, labels = 0;
  bool last_label_alpha = false;
  std::size_t last_label_length = 0;
  while (pos < text.size() && is_label_char(text[pos])) {
    const std::size_t label_start = pos;
    bool alpha = true;
    while (pos < text.size() && is_label_char(text[pos])) {
      alpha = alpha && (is_alpha(text[pos]) || static_cast<unsigned char>(text[pos]) >= 0x80);
      ++pos;
    }
    if (text[label_start] == '-' || text[pos - 1] == '-') break;
    ++labels;
    end = pos;
    last_label_alpha = alpha;
    last_label_length = pos - label_start;
    if (pos + 1 < text.size() && text[pos] == '.' && is_label_char(text[pos + 1])) ++pos;
    else break;
  }
  return labels >= 2 && last_label_alpha && last_label_length >= 2 ? end : start;
}

} // namespace

std::optional<Match> find_email(std::string_view text, std::size_t from) {
  for (std::size_t at = text.find('@', from); at != std::string_view::npos; at = text.find('@', at + 1)) {
    std::size_t begin = at;
    while (begin > from && is_local_char(text[begin - 1])) --begin;
    while (begin < at && text[begin] == '.') ++begin;
    if (begin == at || text[at - 1] == '.') continue;
    const std::size_t end = domain_end(text, at + 1);
    if (end == at + 1) continue;
    return Match{begin, end};
  }
  return std::nullopt;
}

} // namespace redact_pii
