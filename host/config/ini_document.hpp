// INI text as sections of (key, value, line) entries: the scanner's index, with keys and values
// parsed by Boost.Program_options from the scanner's normalized text.
#pragma once

#include "config/config_error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace agenthost::config {

struct IniEntry {
  std::string key;
  std::string value; // trimmed, comment stripped
  int line = 0;
  // Cleared once an error has been reported about this value (e.g. a missing ${VAR}), so later
  // checks do not report the same line again with a confusing second message.
  bool valid = true;
};

struct IniSection {
  std::string name; // e.g. "server", "backend.demo"
  int line = 0;
  std::vector<IniEntry> entries; // in file order, duplicates included
};

struct IniDocument {
  std::vector<IniSection> sections;
};

// Malformed lines are reported to `errors` and left out of the document.
IniDocument read_ini(std::string_view text, ErrorList& errors);

} // namespace agenthost::config
