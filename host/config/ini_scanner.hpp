// The light first pass over INI text, before Boost.Program_options sees it.
//
// Boost's config-file parser only knows `#` comments (and cuts a value at any `#`), reports no
// line numbers and stops at the first bad line. Operators write `; comments`, inline comments
// after values, and expect every mistake reported with its line. So this pass:
//   - strips comments: `;` or `#` at the start of a line or after whitespace starts one, so
//     `a;b` and `a#b` survive as values; `\;` and `\#` are a literal `;` / `#` anywhere;
//   - reports each malformed line with its number (and skips it);
//   - indexes every section header and key with its line;
//   - writes normalized text (one clean line per header/key) for Boost to parse.
#pragma once

#include "config/config_error.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::config {

struct ScannedSection {
  std::string name; // as written between the brackets, trimmed
  int line = 0;
};

struct ScannedKey {
  std::size_t section = 0; // index into ScannedIni::sections
  std::string key;
  int line = 0;
};

struct ScannedIni {
  std::vector<ScannedSection> sections; // valid headers only, in file order
  std::vector<ScannedKey> keys;         // keys under valid headers, in file order
  std::string normalized_text;          // exactly these sections and keys, nothing else
};

// Boost cuts values at `#`, so a `#` inside a value travels through the normalized text as this
// byte and is turned back afterwards. Raw control bytes are rejected by the scanner, so the
// stand-in cannot collide with input.
inline constexpr char hash_stand_in = '\x1f';

ScannedIni scan_ini(std::string_view text, ErrorList& errors);

} // namespace agenthost::config
