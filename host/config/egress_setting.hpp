// Reads the host's `egress` key of a component section (any kind); see config/egress.hpp.
#pragma once

#include "config/egress.hpp"
#include "config/section_reader.hpp"

#include <string>

namespace agenthost::config {

// Claims `egress` (so the plugin never sees it) and returns the policy, or the kind's default
// when the key is absent or wrong (the error, naming line and key, is reported to the reader).
EgressConfig read_egress_setting(SectionReader& reader, const std::string& kind);

} // namespace agenthost::config
