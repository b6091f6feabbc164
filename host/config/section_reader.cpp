#include "config/section_reader.hpp"

#include "config/secrets.hpp"
#include "config/suggestion.hpp"
#include "config/value_parsing.hpp"

#include <map>

namespace agenthost::config {

SectionReader::SectionReader(const IniSection& section, ErrorList& errors, std::set<std::string> repeatable)
    : section_(section), errors_(errors) {
  std::map<std::string, int> first_line;
  for (const IniEntry& entry : section_.entries) {
    const auto [earlier, inserted] = first_line.emplace(entry.key, entry.line);
    if (!inserted && repeatable.count(entry.key) == 0) {
      key_error(entry, "duplicate key (first set on line " + std::to_string(earlier->second) +
                           "); keep only one");
    }
  }
}

const IniEntry* SectionReader::entry(std::string_view key) {
  claimed_.emplace(key);
  for (const IniEntry& entry : section_.entries) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

std::vector<const IniEntry*> SectionReader::entries(std::string_view key) {
  claimed_.emplace(key);
  std::vector<const IniEntry*> found;
  for (const IniEntry& entry : section_.entries) {
    if (entry.key == key) found.push_back(&entry);
  }
  return found;
}

std::optional<std::string> SectionReader::text(std::string_view key) {
  const IniEntry* found = entry(key);
  if (found == nullptr || !found->valid) return std::nullopt;
  return found->value;
}

std::optional<std::string> SectionReader::required_text(std::string_view key) {
  const IniEntry* found = entry(key);
  if (found == nullptr) {
    section_error("missing required key '" + std::string(key) + "'");
    return std::nullopt;
  }
  if (!found->valid) return std::nullopt;
  if (found->value.empty()) {
    key_error(*found, "must not be empty");
    return std::nullopt;
  }
  return found->value;
}

std::optional<long long> SectionReader::integer(std::string_view key, long long min, long long max) {
  const IniEntry* found = entry(key);
  if (found == nullptr || !found->valid) return std::nullopt;
  Parsed<long long> parsed = parse_integer(found->value, min, max);
  if (!parsed.value) value_error(*found, parsed.error);
  return parsed.value;
}

std::optional<unsigned long long> SectionReader::size(std::string_view key, unsigned long long min,
                                                      unsigned long long max) {
  const IniEntry* found = entry(key);
  if (found == nullptr || !found->valid) return std::nullopt;
  Parsed<unsigned long long> parsed = parse_size(found->value, min, max);
  if (!parsed.value) value_error(*found, parsed.error);
  return parsed.value;
}

std::optional<bool> SectionReader::boolean(std::string_view key) {
  const IniEntry* found = entry(key);
  if (found == nullptr || !found->valid) return std::nullopt;
  Parsed<bool> parsed = parse_bool(found->value);
  if (!parsed.value) value_error(*found, parsed.error);
  return parsed.value;
}

std::optional<double> SectionReader::number(std::string_view key, double min, double max) {
  const IniEntry* found = entry(key);
  if (found == nullptr || !found->valid) return std::nullopt;
  Parsed<double> parsed = parse_number(found->value, min, max);
  if (!parsed.value) value_error(*found, parsed.error);
  return parsed.value;
}

std::optional<std::vector<std::string>> SectionReader::list(std::string_view key) {
  const IniEntry* found = entry(key);
  if (found == nullptr || !found->valid) return std::nullopt;
  Parsed<std::vector<std::string>> parsed = parse_list(found->value);
  if (!parsed.value) value_error(*found, parsed.error);
  return parsed.value;
}

std::optional<ListenAddress> SectionReader::listen_address(std::string_view key) {
  const IniEntry* found = entry(key);
  if (found == nullptr || !found->valid) return std::nullopt;
  Parsed<ListenAddress> parsed = parse_listen_address(found->value);
  if (!parsed.value) value_error(*found, parsed.error);
  return parsed.value;
}

std::vector<const IniEntry*> SectionReader::unclaimed() const {
  std::vector<const IniEntry*> found;
  for (const IniEntry& entry : section_.entries) {
    if (claimed_.count(entry.key) == 0) found.push_back(&entry);
  }
  return found;
}

void SectionReader::reject_unclaimed(const std::vector<std::string>& known) {
  std::set<std::string> reported; // a repeated unknown key is one mistake, already flagged as duplicate
  for (const IniEntry* entry : unclaimed()) {
    if (!reported.insert(entry->key).second) continue;
    key_error(*entry, "unknown key" + did_you_mean(entry->key, known) + " (known keys: " + join_names(known) + ")");
  }
}

void SectionReader::value_error(const IniEntry& entry, const std::string& message) {
  key_error(entry, message + " (got '" + displayed_value(entry.key, entry.value) + "')");
}

void SectionReader::key_error(const IniEntry& entry, std::string message) {
  errors_.add(entry.line, section_.name, entry.key, std::move(message));
}

void SectionReader::section_error(std::string message) {
  errors_.add(section_.line, section_.name, "", std::move(message));
}

} // namespace agenthost::config
