// Phone numbers: the rules are stated in README.md ("Phone numbers"); keep the two in step.
// In short: an optional '+', digit groups joined by one space, '-' or '.', a group possibly in
// parentheses; 7-15 digits; and a shape that phone numbers have and other numbers rarely do:
// a '+' country code, an area code in parentheses, the North American 3-3-4 (or 3-4 with '-'),
// or a national trunk prefix '0' ("020 7946 0958", "06 12 34 56 78"). Dates, year ranges,
// card-like groups, IPv4 addresses, thousands-grouped amounts and digits glued to other
// characters are excluded.
#include "pii_finders.hpp"

#include <initializer_list>
#include <vector>

namespace redact_pii {
namespace {

struct Group {
  std::size_t length;
  bool parenthesized;
  char separator_before; // 0 for the first group or right after ')'
  char first_digit;
};

bool ok_before(char c) {
  return !(is_alnum(c) || c == '.' || c == '-' || c == '/' || c == '_' || c == '@' || c == '+' || c == '#' ||
           c == '$' || c == '%' || c == '=');
}

// Three leading groups shaped like a date; more groups after them are a time ("2018-01-05 09:34").
bool is_date(const std::vector<Group>& g) {
  if (g.size() < 3) return false;
  const std::size_t a = g[0].length, b = g[1].length, c = g[2].length;
  return (a == 4 && b <= 2 && c <= 2) || (a <= 2 && b <= 2 && c == 4);
}

bool all_four_digit_groups(const std::vector<Group>& g) {
  for (const Group& group : g)
    if (group.length != 4 || group.parenthesized) return false;
  return g.size() >= 2;
}

bool is_ipv4(const std::vector<Group>& g) {
  if (g.size() != 4) return false;
  for (std::size_t i = 0; i < g.size(); ++i)
    if (g[i].length > 3 || (i > 0 && g[i].separator_before != '.')) return false;
  return true;
}

bool is_thousands_grouped(const std::vector<Group>& g) {
  if (g.size() < 2 || g[0].length > 3 || g[0].parenthesized) return false;
  for (std::size_t i = 1; i < g.size(); ++i)
    if (g[i].length != 3 || g[i].parenthesized || g[i].separator_before != g[1].separator_before) return false;
  return g[1].separator_before == ' ' || g[1].separator_before == '.';
}

bool has_lengths(const std::vector<Group>& g, std::initializer_list<std::size_t> lengths) {
  if (g.size() != lengths.size()) return false;
  std::size_t i = 0;
  for (std::size_t length : lengths)
    if (g[i++].length != length) return false;
  return true;
}

bool is_phone(const std::vector<Group>& groups, bool plus, std::size_t digits) {
  if (digits < 7 || digits > 15) return false;
  // An area code in parentheses comes first, or right after the country code: "4096 (212)" is not one.
  const std::size_t paren_slot = plus ? 1 : 0;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const Group& g = groups[i];
    if (g.parenthesized && i != paren_slot) return false;
    const bool country_code = plus && i == 0;
    if (!country_code && !g.parenthesized && (g.length < 2 || g.length > 8) && !(plus && groups.size() == 1)) return false;
  }
  if (plus) return digits >= 8 && groups[0].first_digit != '0'; // no country code starts with 0
  if (is_date(groups) || all_four_digit_groups(groups) || is_ipv4(groups) || is_thousands_grouped(groups)) return false;
  if (groups[0].parenthesized) return groups.size() >= 2;
  if (has_lengths(groups, {3, 3, 4})) return true;                                  // 555-123-4567
  if (has_lengths(groups, {3, 4})) return groups[1].separator_before == '-';        // 555-1234, not 113.0625
  // Trunk prefix 0: "020 7946 0958", "06 12 34 56 78", "030 901820" (two groups: spaced only,
  // "03894-4801" is a ZIP+4 code).
  return groups[0].first_digit == '0' &&
         (groups.size() >= 3 || (digits >= 9 && groups[1].separator_before == ' '));
}

} // namespace

std::optional<Match> find_phone(std::string_view text, std::size_t from) {
  std::size_t i = from;
  while (i < text.size()) {
    const char c = text[i];
    const bool may_start = (c == '+' || c == '(' || is_digit(c)) && (i == 0 || ok_before(text[i - 1]));
    if (!may_start) {
      ++i;
      continue;
    }
    std::size_t pos = i;
    const bool plus = c == '+';
    if (plus) ++pos;
    std::vector<Group> groups;
    std::size_t digits = 0, end = i;
    char separator = 0;
    // The separator used between subscriber groups: one kind per number ("834.345.1254 155" is
    // a phone number and a street number). After a country code or ")" another kind may follow.
    char subscriber_separator = 0;
    while (pos < text.size()) {
      Group group{0, false, separator, 0};
      if (text[pos] == '(') {
        std::size_t k = pos + 1;
        while (k < text.size() && is_digit(text[k])) ++k;
        if (k == pos + 1 || k - pos - 1 > 5 || k >= text.size() || text[k] != ')') break;
        group = {k - pos - 1, true, separator, text[pos + 1]};
        pos = k + 1;
      } else if (is_digit(text[pos])) {
        const std::size_t start = pos;
        group.first_digit = text[pos];
        while (pos < text.size() && is_digit(text[pos])) ++pos;
        group.length = pos - start;
      } else {
        break;
      }
      groups.push_back(group);
      digits += group.length;
      end = pos;
      if (digits > 15) break;
      // A separator counts only when another group follows it.
      separator = 0;
      const bool free_separator = group.parenthesized || (plus && groups.size() == 1);
      if (pos + 1 < text.size() && (text[pos] == ' ' || text[pos] == '-' || text[pos] == '.') &&
          (is_digit(text[pos + 1]) || text[pos + 1] == '(')) {
        if (!free_separator) {
          if (subscriber_separator && text[pos] != subscriber_separator) break;
          subscriber_separator = text[pos];
        }
        separator = text[pos];
        ++pos;
      } else if (!(group.parenthesized && pos < text.size() && is_digit(text[pos]))) {
        break; // "(0)20" continues without a separator; anything else ends the candidate
      }
    }
    // Glued to what follows ("2008-06-09" after "609 2008", "/89"), the digits are part of
    // something else. A space and another number may follow: "834.345.1254 155 Elm Street".
    const bool glued_number = end + 1 < text.size() && (text[end] == '-' || text[end] == '.') && is_digit(text[end + 1]);
    const bool ends_cleanly = end == text.size() || !(is_alnum(text[end]) || text[end] == '/' || text[end] == '@' ||
                                                      text[end] == '_' || text[end] == '(' || glued_number);
    if (!groups.empty() && ends_cleanly && is_phone(groups, plus, digits)) return Match{i, end};
    i = end > i ? end : i + 1;
  }
  return std::nullopt;
}

} // namespace redact_pii
