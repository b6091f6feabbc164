// Checks a plugin's descriptor and turns it into PluginInfo, or into the reason it is refused.
//
// This is everything the host verifies about a plugin short of loading the file, kept apart from
// the loader so that every malformed-descriptor case can be tested with structs built in memory.
#pragma once

#include "plugins/plugin_info.hpp"

#include "agenthost/descriptor_rules.hpp"

#include <string>

namespace agenthost::plugins {

// Reads what agenthost_plugin_v1 returned (possibly null) for the file at `path`: ABI version,
// struct sizes, component kinds, function tables, type names and settings schemas (the rules are
// the SDK's agenthost/descriptor_rules.hpp, shared with the fake host). Never throws
// for a malformed descriptor; the Refusal says what is wrong and what to do.
Inspection read_descriptor(const ah_plugin_descriptor* descriptor, const std::string& path);

// Type names are what `plugin = ...` in the config refers to: [a-z0-9_]+, at most 64 characters.
using abi::is_valid_type_name;

} // namespace agenthost::plugins
