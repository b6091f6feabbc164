#include "config/ini_document.hpp"

#include "config/ini_scanner.hpp"

#include <boost/program_options/errors.hpp>
#include <boost/program_options/options_description.hpp>
#include <boost/program_options/parsers.hpp>

#include <algorithm>
#include <sstream>

namespace agenthost::config {

namespace po = boost::program_options;

namespace {

// The prefix Boost puts before a key of section `name` ("server" -> "server.").
std::string boost_prefix(const std::string& section_name) {
  return section_name.back() == '.' ? section_name : section_name + ".";
}

std::string decode_from_boost(std::string value) {
  std::replace(value.begin(), value.end(), hash_stand_in, '#');
  return value;
}

} // namespace

IniDocument read_ini(std::string_view text, ErrorList& errors) {
  const ScannedIni scanned = scan_ini(text, errors);

  IniDocument document;
  for (const ScannedSection& section : scanned.sections) {
    document.sections.push_back(IniSection{section.name, section.line, {}});
  }

  std::istringstream normalized(scanned.normalized_text);
  const po::options_description no_registered_options;
  po::parsed_options parsed(&no_registered_options);
  try {
    // No options are registered: every key arrives as an unregistered "section.key" option.
    parsed = po::parse_config_file(normalized, no_registered_options, /*allow_unregistered=*/true);
  } catch (const po::error& e) {
    // The scanner only lets through lines Boost accepts; reaching this is a bug, not bad input.
    errors.add(0, "", "", std::string("internal error: the INI parser rejected normalized text: ") + e.what());
    return document;
  }

  // Boost yields the options in file order, one per key the scanner indexed: pair them up.
  if (parsed.options.size() != scanned.keys.size()) {
    errors.add(0, "", "",
               "internal error: the INI parser returned " + std::to_string(parsed.options.size()) +
                   " keys where the scanner indexed " + std::to_string(scanned.keys.size()));
    return document;
  }
  for (std::size_t i = 0; i < parsed.options.size(); ++i) {
    const po::option& option = parsed.options[i];
    const ScannedKey& indexed = scanned.keys[i];
    IniSection& section = document.sections[indexed.section];
    const std::string expected_name = boost_prefix(section.name) + indexed.key;
    if (option.string_key != expected_name || option.value.size() != 1) {
      errors.add(indexed.line, section.name, indexed.key,
                 "internal error: the INI parser returned '" + option.string_key + "' for this line");
      continue;
    }
    section.entries.push_back(IniEntry{indexed.key, decode_from_boost(option.value.front()), indexed.line});
  }
  return document;
}

} // namespace agenthost::config
