// Readable names for the ABI's status codes, for messages about failed plugin calls.
#pragma once

#include "agenthost/plugin.h"

#include <string>

namespace agenthost::plugins {

// "invalid argument", "not found", ...; "unknown status 42" for codes this host does not know.
std::string status_name(ah_status status);

} // namespace agenthost::plugins
