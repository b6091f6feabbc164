// Reading structs that cross the plugin ABI: zero-extended, never over-read. The rules live in
// the SDK (agenthost/descriptor_rules.hpp) so that the host and the SDK's fake host share them.
#pragma once

#include "agenthost/descriptor_rules.hpp"

#include <cstddef>

namespace agenthost::plugins {

using abi::declared_size;
using abi::read_abi_struct;

// An event must at least say what it is; every other member may be absent (reads as zero).
inline constexpr std::size_t event_min_size = AGENTHOST_END_OF(ah_event, type);

} // namespace agenthost::plugins
