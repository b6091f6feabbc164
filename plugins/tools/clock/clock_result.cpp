#include "clock_result.hpp"

#include <string>

namespace clock_tool {

agenthost::json::Value describe_instant(const ZoneDatabase& zones, std::string_view zone, std::int64_t unix_seconds) {
  const LocalTime time = zones.lookup(zone).at(unix_seconds);
  // Every textual field is cut from the one ISO 8601 rendering, "YYYY-MM-DDTHH:MM:SS+hh:mm[:ss]"
  // (the year always has four digits), so the fields can never disagree with each other.
  const std::string iso8601 = format_iso8601(time);
  agenthost::json::Value out = agenthost::json::Value::object();
  out.set("timezone", time.zone);
  out.set("iso8601", iso8601);
  out.set("date", iso8601.substr(0, 10));
  out.set("time", iso8601.substr(11, 8));
  out.set("weekday", weekday_name(time.weekday));
  out.set("utc_offset", iso8601.substr(19));
  out.set("abbreviation", time.abbreviation);
  out.set("is_dst", time.is_dst);
  out.set("unix", unix_seconds);
  return out;
}

} // namespace clock_tool
