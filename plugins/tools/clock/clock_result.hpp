// What the clock tool answers for one instant: the JSON object the model reads.
//
// Kept apart from the plugin so it can be tested at fixed instants; the plugin only supplies
// "now" from the system clock.
#pragma once

#include "agenthost/json.hpp"
#include "zone.hpp"

#include <cstdint>
#include <string_view>

namespace clock_tool {

// The wall-clock time in `zone` at the POSIX instant `unix_seconds`, e.g.
//   {"timezone": "Europe/Berlin", "iso8601": "2026-11-29T05:12:00+01:00", "date": "2026-11-29",
//    "time": "05:12:00", "weekday": "Sunday", "utc_offset": "+01:00", "abbreviation": "CET",
//    "is_dst": false, "unix": 1795925520}
// Members always appear in this order. Throws what ZoneDatabase::lookup throws (UnknownZone,
// InvalidZoneFile), and std::out_of_range for instants outside the years 1..9999.
agenthost::json::Value describe_instant(const ZoneDatabase& zones, std::string_view zone, std::int64_t unix_seconds);

} // namespace clock_tool
