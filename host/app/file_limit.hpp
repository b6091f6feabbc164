// The host's open-file limit. Every SSE watcher holds a socket for as long as it watches, so the
// common default soft limit of 1,024 descriptors would cap a host at about a thousand streams
// (and then fail accepts and database opens alike). serve raises the soft limit to the hard one.
#pragma once

#include "common/logger.hpp"

#include <cstdint>
#include <optional>

namespace agenthost::app {

struct FileLimit {
  std::uint64_t before = 0; // the soft limit the process started with
  std::uint64_t after = 0;  // the soft limit now (the hard limit unless raising it failed)
};

// Raises RLIMIT_NOFILE's soft limit to its hard limit and logs the change; logs a warning (and
// keeps going) when the limit cannot be read or raised. nullopt when it could not be read.
std::optional<FileLimit> raise_open_file_limit(Logger& logger);

} // namespace agenthost::app
