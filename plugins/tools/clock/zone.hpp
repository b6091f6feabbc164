// Local date and time in an IANA time zone, read from the system's compiled tz database.
//
// C++17 has no std::chrono time zones and the clock plugin may not link Poco or Boost, so this
// reads TZif files (RFC 8536, versions 1-4) directly: the 64-bit transition table when present,
// and the footer POSIX TZ rule for instants after the last transition (modern "slim" TZif files
// end their table in the present and rely on the rule for everything after).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>

namespace clock_tool {

// Base of every error this module raises, so a caller can catch one type.
class ZoneError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// The caller asked for a zone that is not a valid IANA name or does not exist: fix the input.
class UnknownZone : public ZoneError {
public:
  using ZoneError::ZoneError;
};

// The zone exists but its TZif file is damaged or malformed: fix the tzdata installation.
class InvalidZoneFile : public ZoneError {
public:
  using ZoneError::ZoneError;
};

struct LocalTime {
  int year = 0;
  int month = 0; // 1..12
  int day = 0;   // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int weekday = 0; // 0 = Sunday .. 6 = Saturday
  std::int64_t utc_offset_seconds = 0;
  bool is_dst = false;
  std::string abbreviation; // e.g. "CEST"; numeric ones look like "+0530"
  std::string zone;         // the name it was looked up by, e.g. "Europe/Berlin"
};

// One parsed zone. Immutable and cheap to copy (shares its data), so safe to use from any thread.
class ZoneInfo {
public:
  struct Data; // defined in zone.cpp
  explicit ZoneInfo(std::shared_ptr<const Data> data);

  const std::string& name() const;

  // Wall-clock time at the given POSIX instant. Supports instants in years 1..9999 (UTC);
  // throws std::out_of_range outside that.
  LocalTime at(std::int64_t unix_seconds) const;

private:
  std::shared_ptr<const Data> data_;
};

// Thread-safe reader of a zoneinfo directory with a cache of parsed zones.
class ZoneDatabase {
public:
  explicit ZoneDatabase(std::string zoneinfo_dir = "/usr/share/zoneinfo");

  // Validates the name (is_valid_zone_name) before touching the filesystem, so a name can never
  // reach outside the directory. "UTC" and "Etc/UTC" are built in and need no file.
  // Throws UnknownZone for a bad or missing name, InvalidZoneFile for a damaged file.
  ZoneInfo lookup(std::string_view name) const;

private:
  ZoneInfo load(const std::string& name) const;

  std::string zoneinfo_dir_;
  mutable std::mutex cache_mutex_;
  // Only successful lookups are cached: the set of real zones is bounded, arbitrary names are not.
  mutable std::map<std::string, ZoneInfo, std::less<>> cache_;
};

// True for IANA-style names: 1..64 characters, '/'-separated non-empty components made of
// [A-Za-z0-9_+-]. Excludes '.', so ".." and hidden files are impossible, and a leading '/'.
bool is_valid_zone_name(std::string_view name);

// "2026-11-29T05:12:00+01:00". The offset is always numeric ("+00:00" for UTC, never "Z");
// historical local-mean-time offsets with seconds render as "+00:53:28".
std::string format_iso8601(const LocalTime& time);

// "Sunday" .. "Saturday" for 0..6; throws std::out_of_range otherwise.
std::string_view weekday_name(int weekday);

} // namespace clock_tool
