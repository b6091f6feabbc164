// ZoneInfo (wall-clock time at an instant), the zone database (name checks, file loading, cache)
// and formatting. The TZif reader is in tzif.cpp, the footer TZ rule in posix_rule.cpp.
#include "zone.hpp"

#include "civil_calendar.hpp"
#include "tzif.hpp"
#include "zone_data.hpp"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <utility>

namespace clock_tool {
namespace {

using detail::kSecondsPerDay;

constexpr std::int64_t kMinSupported = -62135596800; // 0001-01-01T00:00:00Z
constexpr std::int64_t kMaxSupported = 253402300799; // 9999-12-31T23:59:59Z
constexpr std::size_t kMaxNameLength = 64;
constexpr std::uintmax_t kMaxFileSize = 1 << 20; // real TZif files are a few KiB
constexpr std::string_view kNameHint = "use an IANA name such as 'Europe/Berlin' or 'UTC'";

} // namespace

// ---- Parsed zone ------------------------------------------------------------------------------

ZoneInfo::ZoneInfo(std::shared_ptr<const Data> data) : data_(std::move(data)) {}

const std::string& ZoneInfo::name() const { return data_->name; }

LocalTime ZoneInfo::at(std::int64_t unix_seconds) const {
  if (unix_seconds < kMinSupported || unix_seconds > kMaxSupported)
    throw std::out_of_range("instant " + std::to_string(unix_seconds) +
                            " is outside the supported years 1..9999");
  const detail::Offset offset = data_->offset_at(unix_seconds);
  const std::int64_t local = unix_seconds + offset.utc_offset;
  const std::int64_t days = detail::floor_div(local, kSecondsPerDay);
  const std::int64_t second_of_day = local - days * kSecondsPerDay;
  const detail::CivilDate date = detail::civil_from_days(days);

  LocalTime time;
  time.year = static_cast<int>(date.year);
  time.month = static_cast<int>(date.month);
  time.day = static_cast<int>(date.day);
  time.hour = static_cast<int>(second_of_day / 3600);
  time.minute = static_cast<int>(second_of_day / 60 % 60);
  time.second = static_cast<int>(second_of_day % 60);
  time.weekday = detail::weekday_of(days);
  time.utc_offset_seconds = offset.utc_offset;
  time.is_dst = offset.is_dst;
  time.abbreviation = std::string(offset.abbreviation);
  time.zone = data_->name;
  return time;
}

namespace {

std::string quoted_for_message(std::string_view name) {
  std::string quoted = "'";
  for (char c : name.substr(0, kMaxNameLength)) {
    if (c >= 0x20 && c < 0x7f) {
      quoted += c;
    } else { // keep control bytes and non-ASCII out of messages that may be echoed to a model
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x",
                    static_cast<unsigned>(static_cast<unsigned char>(c)));
      quoted += escaped;
    }
  }
  if (name.size() > kMaxNameLength) quoted += "...";
  return quoted + "'";
}

std::shared_ptr<const ZoneInfo::Data> utc_zone(std::string name) {
  ZoneInfo::Data zone;
  zone.name = std::move(name);
  zone.types.push_back({0, false, "UTC"});
  return std::make_shared<const ZoneInfo::Data>(std::move(zone));
}

} // namespace

// ---- Database -----------------------------------------------------------------------------------

bool is_valid_zone_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  std::size_t component_length = 0;
  for (char c : name) {
    if (c == '/') {
      if (component_length == 0) return false; // leading '/' or "//"
      component_length = 0;
      continue;
    }
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                         (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-';
    if (!allowed) return false;
    ++component_length;
  }
  return component_length != 0; // no trailing '/'
}

ZoneDatabase::ZoneDatabase(std::string zoneinfo_dir) : zoneinfo_dir_(std::move(zoneinfo_dir)) {}

ZoneInfo ZoneDatabase::lookup(std::string_view name) const {
  if (name.empty()) throw UnknownZone("empty time zone name; " + std::string(kNameHint));
  if (!is_valid_zone_name(name))
    throw UnknownZone("invalid time zone name " + quoted_for_message(name) +
                      " (IANA names are letters, digits, '_', '+' and '-' in '/'-separated parts, "
                      "at most 64 characters); " +
                      std::string(kNameHint));
  {
    const std::lock_guard<std::mutex> lock(cache_mutex_);
    if (const auto cached = cache_.find(name); cached != cache_.end()) return cached->second;
  }
  // Parse outside the lock so one slow disk read does not block lookups of cached zones; if two
  // threads race on the same new zone, the first insert wins and both return equal data.
  ZoneInfo loaded = load(std::string(name));
  const std::lock_guard<std::mutex> lock(cache_mutex_);
  return cache_.emplace(std::string(name), std::move(loaded)).first->second;
}

ZoneInfo ZoneDatabase::load(const std::string& name) const {
  if (name == "UTC" || name == "Etc/UTC") return ZoneInfo(utc_zone(name)); // works without tzdata
  const std::string unknown =
      "unknown time zone " + quoted_for_message(name) + "; " + std::string(kNameHint);
  const std::filesystem::path path = std::filesystem::path(zoneinfo_dir_) / name;
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) throw UnknownZone(unknown);
  const std::string damaged = "time zone file '" + path.string() + "' ";
  const std::string fix = "; reinstall the tzdata package";
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error || size > kMaxFileSize)
    throw InvalidZoneFile(damaged + "is unreadable or larger than any real TZif file" + fix);

  std::ifstream file(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!file.read(bytes.data(), static_cast<std::streamsize>(bytes.size())))
    throw InvalidZoneFile(damaged + "cannot be read" + fix);
  try {
    ZoneInfo::Data zone = detail::parse_tzif(bytes);
    zone.name = name;
    return ZoneInfo(std::make_shared<const ZoneInfo::Data>(std::move(zone)));
  } catch (const detail::NotTzif&) {
    throw UnknownZone(unknown + " (the file of that name is not a compiled zone)");
  } catch (const detail::LeapSecondZone&) {
    throw UnknownZone("time zone " + quoted_for_message(name) +
                      " counts leap seconds (a 'right/' zone), which is not supported; " +
                      std::string(kNameHint));
  } catch (const detail::TzifDefect& defect) {
    throw InvalidZoneFile(damaged + "is corrupt: it " + defect.what() + fix);
  }
}

// ---- Formatting -------------------------------------------------------------------------------

std::string format_iso8601(const LocalTime& time) {
  const std::int64_t offset = time.utc_offset_seconds;
  const std::int64_t magnitude = offset < 0 ? -offset : offset;
  const auto part = [](std::int64_t value) { return static_cast<long long>(value); };
  char text[96];
  int length =
      std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d%c%02lld:%02lld", time.year,
                    time.month, time.day, time.hour, time.minute, time.second,
                    offset < 0 ? '-' : '+', part(magnitude / 3600), part(magnitude / 60 % 60));
  if (magnitude % 60 != 0 && length > 0 && static_cast<std::size_t>(length) < sizeof text)
    std::snprintf(text + length, sizeof text - static_cast<std::size_t>(length), ":%02lld",
                  part(magnitude % 60));
  return text;
}

std::string_view weekday_name(int weekday) {
  static constexpr std::array<std::string_view, 7> kNames = {
      "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  if (weekday < 0 || weekday > 6)
    throw std::out_of_range("weekday must be 0 (Sunday) .. 6 (Saturday), got " +
                            std::to_string(weekday));
  return kNames[static_cast<std::size_t>(weekday)];
}

} // namespace clock_tool
