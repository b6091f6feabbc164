// Internal to the clock core: the TZif file reader (RFC 8536, versions 1-4). Reads the 64-bit
// block when present and the footer TZ rule; every count is checked against the bytes left
// before anything sized by it is allocated, so a corrupt file is an error, never a crash.
#pragma once

#include "zone_data.hpp"

#include <stdexcept>
#include <string_view>

namespace clock_tool::detail {

// A structural defect in a TZif file; lookup() wraps it with the file's path.
struct TzifDefect : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// The file is a zone that counts leap seconds ("right/..."); its instants are not POSIX time.
struct LeapSecondZone {};
// The file is not TZif at all (e.g. zoneinfo's "leapseconds" text file).
struct NotTzif {};

// Parses a whole TZif file (the name is left empty). Throws TzifDefect, LeapSecondZone or NotTzif.
ZoneInfo::Data parse_tzif(std::string_view bytes);

} // namespace clock_tool::detail
