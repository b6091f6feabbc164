// Expected values are independent facts (instants computed with `date -u` / Python, tzdata
// history) or glibc's own reading of the same files (localtime_r; test-only).
#include "../zone.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace clock_tool;

namespace {

const std::string kSystemZoneinfo = "/usr/share/zoneinfo";
const std::string kNameHint = "use an IANA name such as 'Europe/Berlin' or 'UTC'";

std::string read_bytes(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::string big_endian(std::uint64_t value, int width) {
  std::string out;
  for (int shift = (width - 1) * 8; shift >= 0; shift -= 8)
    out += static_cast<char>(value >> shift & 0xff);
  return out;
}

struct TypeSpec {
  std::int32_t utc_offset;
  bool is_dst;
  std::string abbreviation;
};

// A version-3 TZif file with a minimal v1 block (as `zic -b slim` writes) and the given data.
std::string make_tzif(const std::vector<std::pair<std::int64_t, std::uint8_t>>& transitions,
                      const std::vector<TypeSpec>& types, const std::string& footer) {
  const auto header = [](std::uint64_t timecnt, std::uint64_t typecnt, std::uint64_t charcnt) {
    return "TZif3" + std::string(15, '\0') + big_endian(0, 4) + big_endian(0, 4) +
           big_endian(0, 4) + big_endian(timecnt, 4) + big_endian(typecnt, 4) +
           big_endian(charcnt, 4);
  };
  std::string abbreviations, ttinfos;
  for (const TypeSpec& type : types) {
    ttinfos += big_endian(static_cast<std::uint32_t>(type.utc_offset), 4) + char(type.is_dst) +
               static_cast<char>(abbreviations.size());
    abbreviations += type.abbreviation + '\0';
  }
  std::string out = header(0, 1, 1) + std::string(6, '\0') + std::string(1, '\0');
  out += header(transitions.size(), types.size(), abbreviations.size());
  for (const auto& transition : transitions)
    out += big_endian(static_cast<std::uint64_t>(transition.first), 8);
  for (const auto& transition : transitions) out += static_cast<char>(transition.second);
  return out + ttinfos + abbreviations + "\n" + footer + "\n";
}

// One line per instant so a mismatch shows every field side by side.
std::string describe(const LocalTime& t) {
  return format_iso8601(t) + " wd=" + std::to_string(t.weekday) +
         " dst=" + std::to_string(t.is_dst) + " " + t.abbreviation;
}

std::string describe_glibc(std::int64_t instant) {
  const std::time_t time = instant;
  std::tm tm{};
  if (localtime_r(&time, &tm) == nullptr) return "localtime_r failed";
  LocalTime t{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,      tm.tm_hour, tm.tm_min, tm.tm_sec,
              tm.tm_wday,        tm.tm_gmtoff,  tm.tm_isdst > 0, tm.tm_zone, ""};
  return describe(t);
}

// Compares against glibc reading the same file; `tz_file` is an absolute path.
void expect_matches_glibc(const ZoneInfo& zone, const std::string& tz_file,
                          const std::vector<std::int64_t>& instants) {
  setenv("TZ", (":" + tz_file).c_str(), 1);
  tzset();
  int failures = 0;
  for (std::int64_t instant : instants) {
    if (describe(zone.at(instant)) == describe_glibc(instant)) continue;
    ADD_FAILURE() << tz_file << " at " << instant << ": ours " << describe(zone.at(instant))
                  << ", glibc " << describe_glibc(instant);
    if (++failures == 5) break;
  }
  unsetenv("TZ");
  tzset();
}

std::vector<std::int64_t> random_instants(std::mt19937_64& rng, int count, std::int64_t from,
                                          std::int64_t to) {
  std::uniform_int_distribution<std::int64_t> pick(from, to);
  std::vector<std::int64_t> instants;
  for (int i = 0; i < count; ++i) instants.push_back(pick(rng));
  return instants;
}

constexpr std::int64_t k1900 = -2208988800, k1990 = 631152000, k2023 = 1672531200,
                       k2026 = 1767225600, k2100 = 4102444800, k2200 = 7258118400;

class TempDir : public ::testing::Test {
protected:
  void SetUp() override {
    char pattern[] = "/tmp/zone_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    root_ = pattern;
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

LocalTime at(const std::string& zone, std::int64_t instant) {
  return ZoneDatabase().lookup(zone).at(instant);
}

} // namespace

TEST(ZoneFacts, BerlinSummerAndWinter) {
  const LocalTime summer = at("Europe/Berlin", 1719835200); // 2024-07-01T12:00:00Z
  EXPECT_EQ(format_iso8601(summer), "2024-07-01T14:00:00+02:00");
  EXPECT_TRUE(summer.is_dst);
  EXPECT_EQ(summer.abbreviation, "CEST");
  EXPECT_EQ(weekday_name(summer.weekday), "Monday");
  EXPECT_EQ(summer.zone, "Europe/Berlin");

  const LocalTime winter = at("Europe/Berlin", 1705320000); // 2024-01-15T12:00:00Z
  EXPECT_EQ(format_iso8601(winter), "2024-01-15T13:00:00+01:00");
  EXPECT_FALSE(winter.is_dst);
  EXPECT_EQ(winter.abbreviation, "CET");
}

TEST(ZoneFacts, ExactDstSwitchInstants) {
  const std::int64_t berlin_spring = 1711846800,
                     berlin_fall = 1729990800; // 2024-03-31/10-27T01:00Z
  EXPECT_EQ(format_iso8601(at("Europe/Berlin", berlin_spring - 1)), "2024-03-31T01:59:59+01:00");
  EXPECT_EQ(format_iso8601(at("Europe/Berlin", berlin_spring)), "2024-03-31T03:00:00+02:00");
  EXPECT_EQ(format_iso8601(at("Europe/Berlin", berlin_fall - 1)), "2024-10-27T02:59:59+02:00");
  EXPECT_EQ(format_iso8601(at("Europe/Berlin", berlin_fall)), "2024-10-27T02:00:00+01:00");

  const std::int64_t new_york_spring = 1710054000; // 2024-03-10T07:00:00Z
  const LocalTime before = at("America/New_York", new_york_spring - 1);
  const LocalTime after = at("America/New_York", new_york_spring);
  EXPECT_EQ(format_iso8601(before), "2024-03-10T01:59:59-05:00");
  EXPECT_EQ(before.abbreviation, "EST");
  EXPECT_EQ(format_iso8601(after), "2024-03-10T03:00:00-04:00");
  EXPECT_EQ(after.abbreviation, "EDT");
}

TEST(ZoneFacts, HalfHourOffsets) {
  EXPECT_EQ(format_iso8601(at("Asia/Kolkata", 1719835200)), "2024-07-01T17:30:00+05:30");
  EXPECT_EQ(at("Asia/Kolkata", 1719835200).abbreviation, "IST");
  EXPECT_EQ(format_iso8601(at("America/St_Johns", 1705320000)), "2024-01-15T08:30:00-03:30");

  // Lord Howe moves by only 30 minutes: +10:30 in (southern) winter, +11:00 in summer.
  const LocalTime lord_howe_summer = at("Australia/Lord_Howe", 1705320000);
  EXPECT_EQ(format_iso8601(lord_howe_summer), "2024-01-15T23:00:00+11:00");
  EXPECT_TRUE(lord_howe_summer.is_dst);
  const LocalTime lord_howe_winter = at("Australia/Lord_Howe", 1719835200);
  EXPECT_EQ(format_iso8601(lord_howe_winter), "2024-07-01T22:30:00+10:30");
  EXPECT_FALSE(lord_howe_winter.is_dst);
  EXPECT_EQ(lord_howe_winter.abbreviation, "+1030");
}

TEST(ZoneFacts, FarFutureComesFromTheFooterRule) {
  // Past the last transition of any TZif file; 2100's last March Sunday is the 28th.
  const std::int64_t spring_2100 = 4109878800, fall_2100 = 4128627600; // 01:00Z on 03-28 / 10-31
  EXPECT_EQ(format_iso8601(at("Europe/Berlin", spring_2100 - 1)), "2100-03-28T01:59:59+01:00");
  EXPECT_EQ(format_iso8601(at("Europe/Berlin", spring_2100)), "2100-03-28T03:00:00+02:00");
  EXPECT_EQ(format_iso8601(at("Europe/Berlin", fall_2100)), "2100-10-31T02:00:00+01:00");
  EXPECT_EQ(at("Europe/Berlin", 4118126400).abbreviation, "CEST"); // 2100-07-01T12:00Z
}

TEST(ZoneFacts, HistoricalDates) {
  // 1968-1971 Britain kept GMT+1 all year as *standard* time ("British Standard Time").
  for (std::int64_t instant : {1252800, 15681600}) { // 1970-01-15 and 1970-07-01, 12:00Z
    const LocalTime london = at("Europe/London", instant);
    EXPECT_EQ(london.utc_offset_seconds, 3600);
    EXPECT_EQ(london.abbreviation, "BST");
    EXPECT_FALSE(london.is_dst);
  }
  // Before 1893 Berlin kept local mean time, +0:53:28.
  EXPECT_EQ(format_iso8601(at("Europe/Berlin", -2524521600)), "1890-01-01T00:53:28+00:53:28");
  EXPECT_EQ(format_iso8601(at("UTC", 0)), "1970-01-01T00:00:00+00:00");
  EXPECT_EQ(weekday_name(at("UTC", 0).weekday), "Thursday");
}

TEST(ZoneFacts, UtcAndEtcZones) {
  for (const char* name : {"UTC", "Etc/UTC"}) {
    // Built in: works even when the directory has no tz data at all.
    const LocalTime utc = ZoneDatabase("/nonexistent").lookup(name).at(1719835200);
    EXPECT_EQ(format_iso8601(utc), "2024-07-01T12:00:00+00:00");
    EXPECT_EQ(utc.abbreviation, "UTC");
    EXPECT_EQ(utc.zone, name);
  }
  const LocalTime gmt_plus_5 = at("Etc/GMT+5", 1719835200); // POSIX sign: GMT+5 is west
  EXPECT_EQ(format_iso8601(gmt_plus_5), "2024-07-01T07:00:00-05:00");
  EXPECT_EQ(gmt_plus_5.abbreviation, "-05");
}

TEST(ZoneFacts, OutOfRangeInstantsAndWeekdays) {
  const ZoneInfo berlin = ZoneDatabase().lookup("Europe/Berlin");
  EXPECT_THROW(berlin.at(INT64_MAX), std::out_of_range);
  EXPECT_THROW(berlin.at(INT64_MIN), std::out_of_range);
  EXPECT_THROW(berlin.at(253402300800), std::out_of_range); // 10000-01-01T00:00Z
  EXPECT_EQ(berlin.at(253402300799).year, 10000);           // local time is already past New Year
  EXPECT_EQ(weekday_name(6), "Saturday");
  EXPECT_THROW(weekday_name(7), std::out_of_range);
  EXPECT_THROW(weekday_name(-1), std::out_of_range);
}

TEST(ZoneNames, AcceptsRealIanaShapes) {
  for (const char* name : {"Europe/Berlin", "Etc/GMT+5", "Etc/GMT-14", "America/Port-au-Prince",
                           "America/Argentina/ComodRivadavia", "EST5EDT", "UTC"})
    EXPECT_TRUE(is_valid_zone_name(name)) << name;
  EXPECT_TRUE(is_valid_zone_name(std::string(64, 'A')));
}

TEST_F(TempDir, BadNamesAreRejectedBeforeTheFilesystemIsTouched) {
  // Every rejected name would resolve to a perfectly valid zone file, so only validation can
  // stop them.
  const std::string tzif = read_bytes(kSystemZoneinfo + "/Europe/Berlin");
  const fs::path zoneinfo = root_ / "share" / "zoneinfo";
  write_bytes(root_ / "etc" / "passwd", tzif);
  write_bytes(zoneinfo / "Europe" / "Berlin", tzif);
  write_bytes(zoneinfo / std::string(65, 'A'), tzif);
  write_bytes(zoneinfo / std::string(64, 'A'), tzif);
  const ZoneDatabase database(zoneinfo.string());
  EXPECT_EQ(database.lookup("Europe/Berlin").at(0).abbreviation, "CET");
  EXPECT_EQ(database.lookup(std::string(64, 'A')).at(0).abbreviation, "CET");

  const std::vector<std::string> bad_names = {"../../etc/passwd",
                                              "/etc/passwd",
                                              (root_ / "etc" / "passwd").string(),
                                              "Europe/../Europe/Berlin",
                                              "./Europe/Berlin",
                                              "Europe/./Berlin",
                                              "Europe//Berlin",
                                              "Europe/",
                                              "/Europe/Berlin",
                                              "..",
                                              ".",
                                              "Europe\\Berlin",
                                              "Europe/Berlin ",
                                              "Europe/Berlin\n",
                                              std::string("Europe/Berlin\0x", 15),
                                              "Europe/Z\xc3\xbcrich",
                                              "Europe/*",
                                              "~",
                                              std::string(65, 'A'),
                                              std::string(10000, 'A')};
  for (const std::string& name : bad_names) {
    EXPECT_FALSE(is_valid_zone_name(name)) << name;
    try {
      database.lookup(name);
      ADD_FAILURE() << "accepted " << name;
    } catch (const UnknownZone& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find("invalid time zone name '"), std::string::npos) << message;
      EXPECT_NE(message.find(kNameHint), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos)
          << "control bytes must be escaped: " << message;
      EXPECT_LT(message.size(), 400u) << "overlong names must be truncated in the message";
    }
  }
  try {
    database.lookup("");
    ADD_FAILURE() << "accepted an empty name";
  } catch (const UnknownZone& error) {
    EXPECT_EQ(std::string(error.what()), "empty time zone name; " + kNameHint);
  }
}

TEST(ZoneLookup, UnknownZonesSayWhatToDo) {
  const ZoneDatabase database;
  try {
    database.lookup("Mars/Olympus");
    ADD_FAILURE() << "found Mars";
  } catch (const UnknownZone& error) {
    EXPECT_EQ(std::string(error.what()), "unknown time zone 'Mars/Olympus'; " + kNameHint);
  }
  EXPECT_THROW(database.lookup("Europe"), UnknownZone);        // a directory
  EXPECT_THROW(database.lookup("europe/berlin"), UnknownZone); // names are case-sensitive
  EXPECT_THROW(database.lookup("leapseconds"), UnknownZone);   // a text file, not TZif
  if (fs::exists(kSystemZoneinfo + "/right/Europe/Berlin")) {
    try {
      database.lookup("right/Europe/Berlin");
      ADD_FAILURE() << "accepted a leap-second zone";
    } catch (const UnknownZone& error) {
      EXPECT_NE(std::string(error.what()).find("leap seconds"), std::string::npos) << error.what();
    }
  }
}

TEST_F(TempDir, CachedZonesSurviveTheFileDisappearing) {
  write_bytes(root_ / "Test" / "Zone", read_bytes(kSystemZoneinfo + "/Europe/Berlin"));
  const ZoneDatabase database(root_.string());
  EXPECT_EQ(database.lookup("Test/Zone").at(1719835200).abbreviation, "CEST");
  fs::remove(root_ / "Test" / "Zone");
  EXPECT_EQ(database.lookup("Test/Zone").at(1719835200).abbreviation, "CEST");
  EXPECT_THROW(ZoneDatabase(root_.string()).lookup("Test/Zone"), UnknownZone);
}

// ---- Damaged files ------------------------------------------------------------------------------

namespace {

std::string error_of(const fs::path& dir, const std::string& name) {
  try {
    ZoneDatabase(dir.string()).lookup(name).at(0);
  } catch (const InvalidZoneFile& error) {
    return std::string("InvalidZoneFile: ") + error.what();
  } catch (const UnknownZone& error) {
    return std::string("UnknownZone: ") + error.what();
  }
  return "no error";
}

} // namespace

TEST_F(TempDir, EveryTruncationOfARealFileIsACleanError) {
  const std::string tzif = read_bytes(kSystemZoneinfo + "/Europe/Berlin");
  ASSERT_GT(tzif.size(), 100u);
  for (std::size_t length = 0; length < tzif.size(); ++length) {
    write_bytes(root_ / "Broken" / "Zone", tzif.substr(0, length));
    const std::string error = error_of(root_, "Broken/Zone");
    if (length < 4) { // not even the magic: not a zone at all
      EXPECT_EQ(error.rfind("UnknownZone: unknown time zone 'Broken/Zone'", 0), 0u)
          << length << ": " << error;
      continue;
    }
    EXPECT_EQ(error.rfind("InvalidZoneFile: time zone file '" +
                              (root_ / "Broken" / "Zone").string() + "' is corrupt: it ",
                          0),
              0u)
        << length << ": " << error;
    EXPECT_NE(error.find("reinstall the tzdata package"), std::string::npos) << error;
  }
}

TEST_F(TempDir, StructuralDefectsAreNamed) {
  const TypeSpec cet{3600, false, "CET"};
  const std::vector<std::pair<std::string, std::string>> cases = {
      {make_tzif({{0, 5}}, {cet}, ""), "has a transition to type 5 of only 1 types"},
      {make_tzif({{100, 0}, {50, 0}}, {cet}, ""), "not strictly ascending"},
      {make_tzif({}, {}, ""), "declares no local time types"},
      {make_tzif({}, {{100000, false, "X"}}, ""), "implausible UTC offset of 100000"},
      // Layout of that file: 51-byte v1 part, 44-byte header, ttinfo at 95 (index byte at 100),
      // "CET\0" at 101, then "\n\n".
      {make_tzif({}, {cet}, "").replace(100, 1, "\x09"), "not a NUL-terminated entry"},
      {make_tzif({}, {cet}, "").replace(104, 1, "X"), "not a NUL-terminated entry"},
      {make_tzif({}, {cet}, "CET-1CEST,M13.5.0,M10.5.0/3"),
       "invalid footer: TZ rule 'CET-1CEST,M13.5.0,M10.5.0/3' has an out-of-range month"},
      {make_tzif({}, {cet}, "CET-1CEST"), "has a DST abbreviation but no ',start,end' rule"},
      {make_tzif({}, {cet}, "CET-1CEST,M3.5.0,M10.5.0/3x"), "unexpected text after the end rule"},
      {make_tzif({}, {cet}, "-1"), "lacks a zone abbreviation"},
      {make_tzif({}, {cet}, "<>-1"), "empty <> abbreviation"},
      {make_tzif({}, {cet}, "CET-25"), "out-of-range standard offset"},
      {make_tzif({}, {cet}, "CET-1CEST,M3.5.0/168,M10.5.0"), "out-of-range transition time"},
      {make_tzif({}, {cet}, "CET-1CEST,J0,J100"), "Jn day of 0"},
      {make_tzif({}, {cet}, "CET-1").substr(0, make_tzif({}, {cet}, "CET-1").size() - 1),
       "unterminated footer"},
      {make_tzif({}, {cet}, "CET-1").substr(0, 51) + "XXXX", "lacks the version 2+ header"},
  };
  for (const auto& [bytes, expected] : cases) {
    write_bytes(root_ / "Bad", bytes);
    const std::string error = error_of(root_, "Bad");
    EXPECT_NE(error.find(expected), std::string::npos)
        << "expected '" << expected << "', got: " << error;
  }

  // Absurd counts must be caught by the size check, not by trying to allocate 4 GiB per count.
  std::string huge = make_tzif({}, {cet}, "CET-1");
  const std::size_t v2_header = huge.find("TZif", 4);
  huge.replace(v2_header + 32, 4, "\xff\xff\xff\xff"); // timecnt
  write_bytes(root_ / "Huge", huge);
  EXPECT_NE(error_of(root_, "Huge").find("is truncated: its data block needs"), std::string::npos);

  write_bytes(root_ / "Text", "# this is not a TZif file\n");
  EXPECT_NE(error_of(root_, "Text").find("not a compiled zone"), std::string::npos);
}

TEST_F(TempDir, RandomCorruptionNeverCrashes) {
  const std::string tzif = read_bytes(kSystemZoneinfo + "/America/New_York");
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::size_t> position(0, tzif.size() - 1);
  int parsed = 0, rejected = 0;
  for (int round = 0; round < 2000; ++round) {
    std::string mutated = tzif;
    for (int flips = 1 + round % 3; flips > 0; --flips)
      mutated[position(rng)] = static_cast<char>(rng());
    write_bytes(root_ / "Fuzz", mutated);
    try {
      const ZoneInfo zone = ZoneDatabase(root_.string()).lookup("Fuzz");
      for (std::int64_t instant : {k1900, std::int64_t{0}, k2023, k2200}) zone.at(instant);
      ++parsed;
    } catch (const ZoneError&) {
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 0);
  EXPECT_GT(parsed, 0); // flips in transition times or the v1 block can leave a valid file
}

// ---- Footer rules and the whole database, against glibc ----------------------------------------

TEST_F(TempDir, FooterRuleFormsMatchHandComputedInstants) {
  // Zero-based day 300 of leap year 2024 is Oct 27; the end at 30:00 local DST (-2) is
  // Oct 28 06:00 local = 08:00Z. J60 is Mar 1 even in a leap year: 02:00 at -3 = 05:00Z.
  write_bytes(root_ / "Days", make_tzif({}, {{-10800, false, "XXX"}}, "XXX3YYY,J60/2,300/30"));
  const ZoneInfo days = ZoneDatabase(root_.string()).lookup("Days");
  EXPECT_EQ(format_iso8601(days.at(1709269200 - 1)),
            "2024-03-01T01:59:59-03:00"); // 2024-03-01T05:00Z
  EXPECT_EQ(format_iso8601(days.at(1709269200)), "2024-03-01T03:00:00-02:00");
  EXPECT_EQ(format_iso8601(days.at(1730102400 - 1)),
            "2024-10-28T05:59:59-02:00"); // 2024-10-28T08:00Z
  EXPECT_EQ(format_iso8601(days.at(1730102400)), "2024-10-28T05:00:00-03:00");

  // An empty footer: the last transition's type holds forever; type 0 before the first.
  write_bytes(root_ / "Table",
              make_tzif({{0, 1}}, {{900, false, "LMT"}, {3600, false, "CET"}}, ""));
  const ZoneInfo table = ZoneDatabase(root_.string()).lookup("Table");
  EXPECT_EQ(format_iso8601(table.at(-1)), "1970-01-01T00:14:59+00:15");
  EXPECT_EQ(format_iso8601(table.at(0)), "1970-01-01T01:00:00+01:00");
  EXPECT_EQ(table.at(k2200).abbreviation, "CET");

  // RFC 8536's example of DST all year: still EDT across New Year. (glibc picks the rule year
  // from the UTC year and reports EST in the first UTC hours of a year, so no glibc check.)
  write_bytes(root_ / "AllYear", make_tzif({}, {{-18000, false, "EST"}}, "EST5EDT,0/0,J365/25"));
  const ZoneInfo all_year = ZoneDatabase(root_.string()).lookup("AllYear");
  for (std::int64_t instant :
       {k2023 - 1, k2023, k2023 + 4 * 3600, k2023 + 5 * 3600, k2023 + 180 * 86400}) {
    EXPECT_EQ(all_year.at(instant).abbreviation, "EDT") << instant;
    EXPECT_EQ(all_year.at(instant).utc_offset_seconds, -14400) << instant;
  }

  // Almost all year: the previous year's DST runs until Jan 1 00:00 DST (02:00Z) and the new
  // one starts at 00:00 standard time (03:15:30Z), leaving a gap. (glibc ignores the previous
  // year's end and gets the first hour wrong, so this is checked by hand only.)
  write_bytes(root_ / "Gap", make_tzif({}, {{0, false, "LMT"}}, "AAA3:15:30BBB2,J1/0,J365/24"));
  const ZoneInfo gap = ZoneDatabase(root_.string()).lookup("Gap");
  EXPECT_EQ(format_iso8601(gap.at(k2023 + 7199)), "2022-12-31T23:59:59-02:00");
  EXPECT_EQ(format_iso8601(gap.at(k2023 + 7200)), "2022-12-31T22:44:30-03:15:30");
  EXPECT_EQ(format_iso8601(gap.at(k2023 + 11729)), "2022-12-31T23:59:59-03:15:30");
  EXPECT_EQ(format_iso8601(gap.at(k2023 + 11730)), "2023-01-01T01:15:30-02:00");
}

TEST_F(TempDir, FooterRuleFormsMatchGlibcHourByHour) {
  const std::vector<std::string> rules = {"CET-1CEST,M3.5.0,M10.5.0/3",
                                          "<-02>2<-01>,M3.5.0/-1,M10.5.0/0",
                                          "XXX3YYY,J60/2,300/30",
                                          "AAA-10BBB-11,M10.1.0,M4.1.0/3",
                                          "IST-2IDT,M3.4.4/26,M10.5.0",
                                          "IST-1GMT0,M10.5.0,M3.5.0/1",
                                          "AAA5BBB,M3.2.0/167,M11.1.0/-167",
                                          "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
                                          "<+0545>-5:45",
                                          "AAA3:15:30BBB2,M4.1.0/0:30,M10.1.0/1:15:30",
                                          "NZST-12NZDT,M9.5.0,M4.1.0/3"};
  std::vector<std::int64_t> instants; // each hour of 2023..2025, and the second before it
  for (std::int64_t t = k2023; t < k2026; t += 3600) instants.insert(instants.end(), {t - 1, t});
  std::mt19937_64 rng(7);
  const std::vector<std::int64_t> far = random_instants(rng, 300, k1990, k2200);
  instants.insert(instants.end(), far.begin(), far.end());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string name = "Rule" + std::to_string(i);
    // glibc ignores the footer of a file without transitions (RFC 8536 says it applies), so
    // give it one in 1970, before every instant compared.
    write_bytes(root_ / name, make_tzif({{0, 0}}, {{0, false, "LMT"}}, rules[i]));
    SCOPED_TRACE(rules[i]);
    expect_matches_glibc(ZoneDatabase(root_.string()).lookup(name), (root_ / name).string(),
                         instants);
  }
}

TEST(ZoneDatabaseVsGlibc, RandomInstantsAcrossInterestingZones) {
  const ZoneDatabase database;
  std::mt19937_64 rng(2024);
  for (const char* name :
       {"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Europe/London",
        "Europe/Dublin", "America/Nuuk", "Africa/Casablanca", "Pacific/Chatham", "Asia/Tehran",
        "Antarctica/Troll", "Pacific/Apia", "America/Sao_Paulo", "Asia/Gaza", "Pacific/Kiritimati",
        "America/St_Johns"}) {
    expect_matches_glibc(database.lookup(name), kSystemZoneinfo + "/" + name,
                         random_instants(rng, 400, k1900, k2200));
  }
}

TEST(ZoneDatabaseVsGlibc, EveryInstalledZoneParsesAndAgrees) {
  const ZoneDatabase database;
  std::mt19937_64 rng(1);
  int zones = 0;
  for (auto it = fs::recursive_directory_iterator(kSystemZoneinfo); it != fs::end(it); ++it) {
    const std::string name = fs::relative(it->path(), kSystemZoneinfo).string();
    if (name == "right" || name == "posix")
      it.disable_recursion_pending(); // copies / leap-second variants
    if (!fs::is_regular_file(it->path()) || !is_valid_zone_name(name)) continue;
    try {
      const ZoneInfo zone = database.lookup(name);
      std::vector<std::int64_t> instants = random_instants(rng, 30, k1900, k2200);
      instants.push_back(1719835200);
      expect_matches_glibc(zone, it->path().string(), instants);
      ++zones;
    } catch (const UnknownZone& error) { // only non-TZif files such as "leapseconds" may fail
      EXPECT_NE(std::string(error.what()).find("not a compiled zone"), std::string::npos)
          << error.what();
    }
  }
  EXPECT_GT(zones, 300);
}

TEST(ZoneDatabaseThreads, ConcurrentLookupsAgree) {
  const std::vector<std::string> names = {"Europe/Berlin", "America/New_York",    "Asia/Kolkata",
                                          "UTC",           "Australia/Lord_Howe", "Europe/London",
                                          "Asia/Tokyo"};
  std::vector<std::string> expected;
  for (const std::string& name : names) expected.push_back(describe(at(name, 4118126400)));

  const ZoneDatabase shared; // empty cache: threads race to fill it
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        const std::size_t index = static_cast<std::size_t>(t + i) % names.size();
        if (describe(shared.lookup(names[index]).at(4118126400)) != expected[index]) ++mismatches;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(mismatches.load(), 0);
}
