// Parsers for the typed values of config settings. Pure functions: they say what is wrong with
// a value but never echo it (the caller decides whether the value may be shown).
#pragma once

#include "config/config.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::config {

template <class T>
struct Parsed {
  std::optional<T> value;
  std::string error; // set when value is empty
};

// A decimal integer in [min, max].
Parsed<long long> parse_integer(std::string_view text, long long min, long long max);

// A finite decimal number in [min, max].
Parsed<double> parse_number(std::string_view text, double min, double max);

// A byte size: a whole number of bytes (`1048576`), or a whole number with a unit K, KB, KiB,
// M, MB, MiB, G, GB, GiB (case-insensitive, optional space: `50 MiB`). Every unit is a power of
// 1024 (K = KB = KiB = 1024): operators mean "megabytes" however they spell it. In [min, max].
Parsed<unsigned long long> parse_size(std::string_view text, unsigned long long min, unsigned long long max);

// Exactly `true` or `false`.
Parsed<bool> parse_bool(std::string_view text);

// A comma-separated list, items trimmed. An empty text is an empty list; an empty item
// (`a,,b`, a trailing comma) or a repeated item is an error.
Parsed<std::vector<std::string>> parse_list(std::string_view text);

// HOST:PORT, with an IPv6 host in brackets ([::1]:8080); port 0..65535.
Parsed<ListenAddress> parse_listen_address(std::string_view text);

// Instance and pool names: one or more of [a-z0-9_-].
bool is_valid_instance_name(std::string_view name);

} // namespace agenthost::config
