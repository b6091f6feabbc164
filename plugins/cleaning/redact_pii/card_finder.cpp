// Payment card numbers: see pii_finders.hpp.
#include "pii_finders.hpp"

#include <vector>

namespace redact_pii {
namespace {

// Digits glued to these are part of something else: a word, a decimal, a phone number ("+"),
// a path or URL ("/web/20180410025338/"), an identifier.
bool glued_before(char c) { return is_alnum(c) || c == '.' || c == '-' || c == '+' || c == '/' || c == '_' || c == '@'; }
bool glued_after(char c) { return is_alnum(c) || c == '/' || c == '_' || c == '@'; }

struct Group {
  std::size_t end;    // byte offset just after the group
  std::size_t digits; // digits up to and including this group
};

} // namespace

bool luhn_valid(std::string_view digits) {
  int sum = 0;
  bool double_it = false;
  for (std::size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (double_it && (d *= 2) > 9) d -= 9;
    sum += d;
    double_it = !double_it;
  }
  return sum % 10 == 0;
}

std::optional<Match> find_card(std::string_view text, std::size_t from) {
  std::size_t i = from;
  while (i < text.size()) {
    if (!is_digit(text[i]) || (i > 0 && glued_before(text[i - 1]))) {
      ++i;
      continue;
    }
    // Collect digit groups joined by single separators of one kind.
    const std::size_t begin = i;
    std::vector<Group> groups;
    std::string digits;
    char separator = 0;
    std::size_t pos = i;
    while (true) {
      const std::size_t group_start = pos;
      while (pos < text.size() && is_digit(text[pos])) digits.push_back(text[pos++]);
      groups.push_back({pos, digits.size()});
      const std::size_t length = pos - group_start;
      if (digits.size() > 19 || pos + 1 >= text.size()) break;
      const char next = text[pos];
      if ((next != ' ' && next != '-') || !is_digit(text[pos + 1]) || (separator && next != separator)) break;
      if (length < 3 || length > 8) break; // separated groups are 3-8 digits long
      separator = next;
      ++pos;
    }
    // Card numbers start with major industry identifier 2-6 (Mastercard 2-series, Amex/JCB/
    // Diners, Visa, Mastercard/Maestro, Discover/UnionPay); other 13-19 digit numbers (ids, big
    // integers in code) pass the Luhn check one time in ten and must not be redacted for it.
    if (digits[0] < '2' || digits[0] > '6') {
      i = groups.back().end;
      continue;
    }
    // The longest run of whole groups that is a card, e.g. "4111 1111 1111 1111 2" keeps the 16.
    for (std::size_t g = groups.size(); g-- > 0;) {
      const Group& group = groups[g];
      if (group.digits < 13 || group.digits > 19) continue;
      if (separator && g > 0 && group.end - (groups[g - 1].end + 1) < 3) continue;
      const bool ends_cleanly = group.end == text.size() || !glued_after(text[group.end]);
      if (ends_cleanly && luhn_valid(std::string_view(digits).substr(0, group.digits))) return Match{begin, group.end};
    }
    i = groups.back().end; // nothing here: skip the whole run
  }
  return std::nullopt;
}

} // namespace redact_pii
