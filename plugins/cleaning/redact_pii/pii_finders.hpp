// redact_pii's detectors, free of the SDK so they can be tested and benchmarked alone. Each one
// finds the next match at or after a position; the rules each follows are in README.md (they
// must stay in step with it).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace redact_pii {

struct Match {
  std::size_t begin, end; // [begin, end) byte offsets
};

std::optional<Match> find_email(std::string_view text, std::size_t from);
// 13-19 digits starting with 2-6 (not after "+", which starts a phone number), optionally in
// groups of 3-8 split by one kind of separator (space or '-'), accepted only when the Luhn
// checksum holds.
std::optional<Match> find_card(std::string_view text, std::size_t from);
std::optional<Match> find_phone(std::string_view text, std::size_t from);

bool luhn_valid(std::string_view digits);

using Finder = std::optional<Match> (*)(std::string_view, std::size_t);

// Replaces every match of `find` with `placeholder`; returns how many there were.
std::size_t replace_all(std::string& text, Finder find, std::string_view placeholder);

// Character classes shared by the finders.
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }

} // namespace redact_pii
