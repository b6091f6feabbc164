// The clock plugin as the host sees it: the built shared library loaded through FakeHost. The
// answer's formatting at fixed instants is covered in clock_result_test.cpp; here the clock is
// real, so results are checked against the system clock and glibc's reading of the same zones.
#include "agenthost/testing.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built clock plugin"
#endif

namespace fs = std::filesystem;

namespace {

using agenthost::json::Value;
using agenthost::testing::CallResult;
using agenthost::testing::FakeHost;

const char* const kNameHint = "use an IANA name such as 'Europe/Berlin' or 'UTC'";

class ClockPlugin : public ::testing::Test {
protected:
  void SetUp() override { host.load(PLUGIN_PATH); }

  FakeHost host;
};

void expect_invalid(const CallResult& r, const std::string& message) {
  EXPECT_EQ(r.status, AH_ERR_INVALID_ARGUMENT) << r.error;
  EXPECT_EQ(r.error_status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(r.error, message);
  EXPECT_TRUE(r.of(AH_EVENT_RESULT).empty()) << "a failed call must not also emit a result";
}

std::string create_error(FakeHost& host, const std::vector<std::pair<std::string, std::string>>& ini,
                         const std::string& base_dir = {}) {
  try {
    host.create("clock", ini, base_dir);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  ADD_FAILURE() << "create was expected to fail";
  return {};
}

// glibc's view of `unix` in `zone` (test-only; the plugin never touches TZ).
std::tm glibc_local_time(const std::string& zone, std::int64_t unix) {
  ::setenv("TZ", (":" + zone).c_str(), 1);
  ::tzset();
  const std::time_t t = static_cast<std::time_t>(unix);
  std::tm out{};
  ::localtime_r(&t, &out);
  return out;
}

std::string strftime_of(const std::tm& tm, const char* format) {
  char text[64];
  return std::string(text, std::strftime(text, sizeof text, format, &tm));
}

// Checks a result against the system clock and against glibc for the same instant.
void expect_now_in(const CallResult& r, const std::string& zone) {
  SCOPED_TRACE(zone);
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.of(AH_EVENT_RESULT).size(), 1u);
  const Value result = r.result_json();
  EXPECT_EQ(result["timezone"], Value(zone));

  const std::int64_t unix = result["unix"].as_int();
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  EXPECT_LE(unix, now);
  EXPECT_GE(unix, now - 5) << "the answer must be the current time";

  const std::tm local = glibc_local_time(zone, unix);
  const long offset = local.tm_gmtoff;
  char utc_offset[32];
  std::snprintf(utc_offset, sizeof utc_offset, "%c%02ld:%02ld", offset < 0 ? '-' : '+', std::labs(offset) / 3600,
                std::labs(offset) / 60 % 60);
  EXPECT_EQ(result["utc_offset"], Value(std::string(utc_offset)));
  EXPECT_EQ(result["date"], Value(strftime_of(local, "%Y-%m-%d")));
  EXPECT_EQ(result["time"], Value(strftime_of(local, "%H:%M:%S")));
  EXPECT_EQ(result["weekday"], Value(strftime_of(local, "%A")));
  EXPECT_EQ(result["abbreviation"], Value(std::string(local.tm_zone)));
  EXPECT_EQ(result["is_dst"], Value(local.tm_isdst > 0));
  EXPECT_EQ(result["iso8601"], Value(strftime_of(local, "%Y-%m-%dT%H:%M:%S") + utc_offset));
}

// ------------------------------------------------------------------------------- descriptor

TEST_F(ClockPlugin, DescriptorDeclaresOneThreadSafeTool) {
  const ah_plugin_descriptor& d = host.descriptor();
  EXPECT_STREQ(d.name, "clock");
  EXPECT_STREQ(d.version, "1.0.0");
  EXPECT_EQ(d.abi_major, AGENTHOST_ABI_MAJOR);
  ASSERT_EQ(d.component_count, 1u);
  const ah_component& c = *d.components[0];
  EXPECT_STREQ(c.type_name, "clock");
  EXPECT_EQ(c.kind, AH_KIND_TOOL);
  EXPECT_NE(c.flags & AH_COMPONENT_THREAD_SAFE, 0u);
  EXPECT_NE(std::string(c.description).find("time zone"), std::string::npos) << c.description;
}

TEST_F(ClockPlugin, SettingsSchemaDeclaresTheTwoSettingsWithDefaults) {
  const Value schema = agenthost::json::parse(host.component("clock").settings_schema);
  EXPECT_TRUE(agenthost::settings::check_schema(schema).empty());
  const Value& properties = schema["properties"];
  EXPECT_EQ(properties.size(), 2u);
  EXPECT_EQ(properties["default_timezone"]["default"], Value("UTC"));
  EXPECT_EQ(properties["zoneinfo_dir"]["default"], Value("/usr/share/zoneinfo"));
  EXPECT_EQ(properties["zoneinfo_dir"]["format"], Value("path"));
}

TEST_F(ClockPlugin, DescribeGivesDescriptionAndAnOptionalTimezoneNamingTheDefault) {
  auto clock = host.create("clock", {{"default_timezone", "Asia/Tokyo"}});
  const CallResult r = clock.describe();
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.of(AH_EVENT_RESULT)[0].name, "application/json");
  const Value described = r.result_json();
  EXPECT_EQ(described["description"].as_string(), host.component("clock").description);
  const Value& parameters = described["parameters"];
  EXPECT_EQ(parameters["type"], Value("object"));
  EXPECT_FALSE(parameters.contains("required")) << "the timezone is optional";
  EXPECT_EQ(parameters["properties"].size(), 1u);
  EXPECT_EQ(parameters["properties"]["timezone"]["type"], Value("string"));
  const std::string& hint = parameters["properties"]["timezone"]["description"].as_string();
  EXPECT_NE(hint.find("\"Asia/Tokyo\""), std::string::npos) << "the model should learn the default: " << hint;
}

// ---------------------------------------------------------------------------------- settings

TEST_F(ClockPlugin, UnknownDefaultTimezoneFailsCreateClearly) {
  const std::string error = create_error(host, {{"default_timezone", "Nowhere/City"}});
  EXPECT_NE(error.find("default_timezone: unknown time zone 'Nowhere/City'; " + std::string(kNameHint)),
            std::string::npos)
      << error;
  EXPECT_NE(create_error(host, {{"default_timezone", "../../etc/passwd"}}).find("default_timezone: invalid time zone name"),
            std::string::npos);
  EXPECT_NE(create_error(host, {{"default_timezone", ""}}).find("default_timezone"), std::string::npos)
      << "an empty zone is rejected by the schema";
}

TEST_F(ClockPlugin, UnknownSettingIsRejectedWithASuggestion) {
  const std::string typo = create_error(host, {{"default_timzone", "UTC"}});
  EXPECT_NE(typo.find("unknown setting 'default_timzone' (did you mean 'default_timezone'?)"), std::string::npos)
      << typo;
  const std::string unrelated = create_error(host, {{"format", "iso"}});
  EXPECT_NE(unrelated.find("unknown setting 'format'; known settings: default_timezone, zoneinfo_dir"),
            std::string::npos)
      << unrelated;
}

TEST_F(ClockPlugin, ZoneinfoDirIsWhereZonesAreReadFromAndResolvesRelativeToTheConfig) {
  const fs::path config_dir = fs::temp_directory_path() / ("clock_test_" + std::to_string(::getpid()));
  struct RemoveOnExit {
    fs::path path;
    ~RemoveOnExit() { fs::remove_all(path); }
  } cleanup{config_dir};
  fs::create_directories(config_dir / "zones" / "Test");
  fs::copy_file("/usr/share/zoneinfo/Asia/Kolkata", config_dir / "zones" / "Test" / "India",
                fs::copy_options::overwrite_existing);

  auto clock = host.create("clock", {{"zoneinfo_dir", "zones"}, {"default_timezone", "Test/India"}}, config_dir.string());
  const CallResult r = clock.invoke("{}");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result_json()["timezone"], Value("Test/India"));
  EXPECT_EQ(r.result_json()["utc_offset"], Value("+05:30"));
  expect_invalid(clock.invoke(R"({"timezone": "Europe/Berlin"})"),
                 "unknown time zone 'Europe/Berlin'; " + std::string(kNameHint));
}

TEST_F(ClockPlugin, WithoutAZoneDatabaseOnlyUtcWorksAndMessagesSayWhy) {
  auto clock = host.create("clock", {{"zoneinfo_dir", "/nonexistent/zoneinfo"}});
  ASSERT_FALSE(host.logs.empty());
  EXPECT_EQ(host.logs.back().first, AH_LOG_WARN);
  EXPECT_NE(host.logs.back().second.find("'/nonexistent/zoneinfo' is not a directory"), std::string::npos);

  expect_now_in(clock.invoke("{}"), "UTC");
  expect_invalid(clock.invoke(R"({"timezone": "Europe/Berlin"})"),
                 "unknown time zone 'Europe/Berlin'; " + std::string(kNameHint) +
                     " (zoneinfo_dir '/nonexistent/zoneinfo' is missing, so only UTC is available)");
  EXPECT_NE(create_error(host, {{"zoneinfo_dir", "/nonexistent/zoneinfo"}, {"default_timezone", "Europe/Berlin"}})
                .find("only UTC is available"),
            std::string::npos);
}

// ---------------------------------------------------------------------------------- results

TEST_F(ClockPlugin, WithoutArgumentsAnswersInTheDefaultZone) {
  auto utc = host.create("clock");
  expect_now_in(utc.invoke("{}"), "UTC");
  expect_now_in(utc.invoke(""), "UTC");
  expect_now_in(utc.invoke(R"({"timezone": null})"), "UTC");

  auto new_york = host.create("clock", {{"default_timezone", "America/New_York"}});
  expect_now_in(new_york.invoke("{}"), "America/New_York");
}

TEST_F(ClockPlugin, NamedZonesAgreeWithGlibc) {
  auto clock = host.create("clock");
  for (const char* zone : {"Europe/Berlin", "America/St_Johns", "Asia/Kolkata", "Pacific/Chatham", "Australia/Lord_Howe",
                           "America/Sao_Paulo", "Etc/UTC", "Etc/GMT+5"}) {
    expect_now_in(clock.invoke(std::string(R"({"timezone": ")") + zone + "\"}"), zone);
  }
}

TEST_F(ClockPlugin, ConcurrentCallsOnOneInstanceAgree) {
  auto clock = host.create("clock");
  const std::vector<std::string> zones = {"Europe/Berlin", "Asia/Tokyo", "America/Denver", "Africa/Cairo"};
  std::vector<int> wrong(zones.size(), 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < zones.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        const CallResult r = clock.invoke("{\"timezone\": \"" + zones[t] + "\"}");
        if (!r.ok() || r.result_json()["timezone"] != Value(zones[t])) ++wrong[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(zones.size(), 0));
}

// ------------------------------------------------------------------------- bad arguments

TEST_F(ClockPlugin, UnknownOrInvalidZonesAreInvalidArguments) {
  auto clock = host.create("clock");
  expect_invalid(clock.invoke(R"({"timezone": "Mars/Olympus_Mons"})"),
                 "unknown time zone 'Mars/Olympus_Mons'; " + std::string(kNameHint));
  expect_invalid(clock.invoke(R"({"timezone": ""})"), "empty time zone name; " + std::string(kNameHint));
  const CallResult traversal = clock.invoke(R"({"timezone": "../../etc/passwd"})");
  EXPECT_EQ(traversal.status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(traversal.error.rfind("invalid time zone name '../../etc/passwd'", 0), 0u) << traversal.error;
}

TEST_F(ClockPlugin, TimezoneOfTheWrongTypeIsRejectedNamingTheType) {
  auto clock = host.create("clock");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"timezone": 1})", "number"}, {R"({"timezone": true})", "boolean"},
      {R"({"timezone": ["UTC"]})", "array"}, {R"({"timezone": {}})", "object"}};
  for (const auto& [text, type] : cases) {
    SCOPED_TRACE(text);
    expect_invalid(clock.invoke(text), "'timezone' must be a string such as \"Europe/Berlin\", got " + type);
  }
}

TEST_F(ClockPlugin, UnknownArgumentsAreRejectedNotIgnored) {
  auto clock = host.create("clock");
  expect_invalid(clock.invoke(R"({"tz": "UTC"})"), "unknown argument 'tz'; the only argument is 'timezone' (optional)");
  expect_invalid(clock.invoke(R"({"timezone": "UTC", "format": "iso"})"),
                 "unknown argument 'format'; the only argument is 'timezone' (optional)");
}

TEST_F(ClockPlugin, ArgumentsThatAreNotAJsonObjectAreRejected) {
  auto clock = host.create("clock");
  for (const char* text : {R"({"timezone": )", "{timezone: 'UTC'}"}) {
    SCOPED_TRACE(text);
    const CallResult r = clock.invoke(text);
    EXPECT_EQ(r.status, AH_ERR_INVALID_ARGUMENT);
    EXPECT_EQ(r.error.rfind("arguments are not valid JSON: line 1, column ", 0), 0u) << r.error;
  }
  for (const char* text : {R"("UTC")", "[]", "null"}) {
    SCOPED_TRACE(text);
    expect_invalid(clock.invoke(text), "arguments must be a JSON object");
  }
}

} // namespace
