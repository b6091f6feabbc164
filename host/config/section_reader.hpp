// Reads the keys of one section: hands out typed values, reports what is wrong with them at the
// key's line, and reports duplicate and unknown keys.
//
// Every message that shows a value goes through displayed_value(), so an error about a secret
// key never echoes the secret.
#pragma once

#include "config/config.hpp"
#include "config/ini_document.hpp"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::config {

class SectionReader {
public:
  // Reports every key that occurs more than once, unless it is listed in `repeatable`.
  SectionReader(const IniSection& section, ErrorList& errors, std::set<std::string> repeatable = {});

  // The entry for `key` (its first occurrence), or null when the key is absent. Marks the key
  // as known. Entries whose value already failed (see IniEntry::valid) are returned too.
  const IniEntry* entry(std::string_view key);
  // Every occurrence of a repeatable key, in file order.
  std::vector<const IniEntry*> entries(std::string_view key);

  // Typed values: nullopt when the key is absent or its value is wrong (the error is reported).
  std::optional<std::string> text(std::string_view key);
  std::optional<std::string> required_text(std::string_view key); // absent or empty is an error
  std::optional<long long> integer(std::string_view key, long long min, long long max);
  std::optional<unsigned long long> size(std::string_view key, unsigned long long min, unsigned long long max);
  std::optional<bool> boolean(std::string_view key);
  std::optional<double> number(std::string_view key, double min, double max);
  std::optional<std::vector<std::string>> list(std::string_view key);
  std::optional<ListenAddress> listen_address(std::string_view key);

  // Entries of keys nobody asked for, in file order (the raw settings of an instance).
  std::vector<const IniEntry*> unclaimed() const;
  // Reports each key nobody asked for as unknown, suggesting the closest of `known`.
  void reject_unclaimed(const std::vector<std::string>& known);

  // An error about the value of `entry`; the value is appended (redacted for secret keys).
  void value_error(const IniEntry& entry, const std::string& message);
  // An error about the key of `entry`, without showing the value.
  void key_error(const IniEntry& entry, std::string message);
  // An error about the section as a whole, at its header line.
  void section_error(std::string message);

  const IniSection& section() const { return section_; }

private:
  const IniSection& section_;
  ErrorList& errors_;
  std::set<std::string, std::less<>> claimed_;
};

} // namespace agenthost::config
