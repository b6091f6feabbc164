// Tests for agenthost/settings_schema.hpp: INI strings to typed settings, and schema checks.
#include "agenthost/settings_schema.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace json = agenthost::json;
namespace settings = agenthost::settings;

namespace {

settings::Result convert(const char* schema, std::vector<settings::RawSetting> raw, const std::string& base_dir = "") {
  return settings::convert(json::parse(schema), raw, base_dir);
}

// A schema with one property `x` described by property_json.
std::string one(const std::string& property_json) {
  return R"({"type":"object","properties":{"x":)" + property_json + "}}";
}

// Converts x = value under a one-property schema and returns the single problem message
// ("" when it converted).
std::string problem_for(const std::string& property_json, const std::string& value) {
  const settings::Result r = settings::convert(json::parse(one(property_json)), {{"x", value, 4}});
  if (r.problems.empty()) return "";
  EXPECT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].key, "x");
  EXPECT_EQ(r.problems[0].line, 4);
  EXPECT_FALSE(r.settings.contains("x")) << "a failed setting must not appear in the output";
  return r.problems[0].message;
}

json::Value converted(const std::string& property_json, const std::string& value, const std::string& base_dir = "") {
  const settings::Result r = settings::convert(json::parse(one(property_json)), {{"x", value, 1}}, base_dir);
  EXPECT_TRUE(r.ok()) << (r.problems.empty() ? "" : r.problems[0].message);
  return r.settings["x"];
}

std::vector<std::string> schema_problems(const std::string& schema) {
  std::vector<std::string> out;
  for (const settings::Problem& p : settings::check_schema(json::parse(schema))) out.push_back(p.message);
  return out;
}

std::string only_schema_problem(const std::string& schema) {
  const std::vector<std::string> problems = schema_problems(schema);
  EXPECT_EQ(problems.size(), 1u) << schema;
  return problems.empty() ? "" : problems[0];
}

} // namespace

// ---- conversion by type ------------------------------------------------------------------

TEST(SettingsConvert, StringsAreKeptVerbatim) {
  EXPECT_EQ(converted(R"({"type":"string"})", "  hello, world "), json::Value("  hello, world "));
  EXPECT_EQ(converted(R"({"type":"string"})", ""), json::Value(""));
}

TEST(SettingsConvert, Integers) {
  const char* integer = R"({"type":"integer"})";
  EXPECT_EQ(converted(integer, "42"), json::Value(42));
  EXPECT_TRUE(converted(integer, "42").is_int());
  EXPECT_EQ(converted(integer, "-7"), json::Value(-7));
  EXPECT_EQ(converted(integer, "+7"), json::Value(7));
  EXPECT_EQ(converted(integer, " 12 "), json::Value(12));
  EXPECT_EQ(converted(integer, "9223372036854775807").as_int(), 9223372036854775807);
  EXPECT_EQ(converted(integer, "-9223372036854775808").as_int(), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(problem_for(integer, "fast"), "x: expected an integer, got 'fast'");
  EXPECT_EQ(problem_for(integer, ""), "x: expected an integer, got an empty value");
  for (const char* bad : {"1.5", "1e3", "0x10", "1_000", "--1", "+-1", "-", "+", "12abc", "1 2"})
    EXPECT_NE(problem_for(integer, bad), "") << bad;
  EXPECT_EQ(problem_for(integer, "9223372036854775808"),
            "x: 9223372036854775808 is out of range for an integer (-9223372036854775808 to 9223372036854775807)");
}

TEST(SettingsConvert, Numbers) {
  const char* number = R"({"type":"number"})";
  EXPECT_EQ(converted(number, "0.7"), json::Value(0.7));
  EXPECT_EQ(converted(number, "2"), json::Value(2.0));
  EXPECT_EQ(converted(number, "-1.5e3"), json::Value(-1500.0));
  EXPECT_EQ(converted(number, "+.5"), json::Value(0.5));
  EXPECT_EQ(problem_for(number, "warm"), "x: expected a number, got 'warm'");
  for (const char* bad : {"nan", "inf", "-infinity", "NaN", "1.5x", "0x1p3", "", "1,5", "e5", "+-1", "-+1", "--1", "."})
    EXPECT_NE(problem_for(number, bad), "") << bad;
  EXPECT_EQ(problem_for(number, "1e999"), "x: 1e999 is out of range for a number");
}

TEST(SettingsConvert, BooleansAcceptTheCommonWordsInAnyCase) {
  const char* boolean = R"({"type":"boolean"})";
  for (const char* yes : {"true", "TRUE", "Yes", "on", "1", " true "}) EXPECT_EQ(converted(boolean, yes), json::Value(true)) << yes;
  for (const char* no : {"false", "False", "NO", "off", "0"}) EXPECT_EQ(converted(boolean, no), json::Value(false)) << no;
  EXPECT_EQ(problem_for(boolean, "maybe"), "x: expected a boolean (true/false, yes/no, on/off, 1/0), got 'maybe'");
  EXPECT_NE(problem_for(boolean, "2"), "");
  EXPECT_NE(problem_for(boolean, "y"), "");
}

TEST(SettingsConvert, ArraysSplitOnCommasAndConvertItems) {
  EXPECT_EQ(converted(R"({"type":"array","items":{"type":"string"}})", " a , b,c "), json::parse(R"(["a","b","c"])"));
  EXPECT_EQ(converted(R"({"type":"array"})", "solo"), json::parse(R"(["solo"])")); // items default to string
  EXPECT_EQ(converted(R"({"type":"array","items":{"type":"integer"}})", "1, 2,3"), json::parse("[1,2,3]"));
  EXPECT_EQ(converted(R"({"type":"array","items":{"type":"boolean"}})", "yes,off"), json::parse("[true,false]"));
  EXPECT_EQ(converted(R"({"type":"array","items":{"type":"number"}})", "0.5,2"), json::parse("[0.5,2.0]"));
  EXPECT_EQ(converted(R"({"type":"array"})", ""), json::Value::array());
  EXPECT_EQ(converted(R"({"type":"array"})", "   "), json::Value::array());
  EXPECT_EQ(problem_for(R"({"type":"array","items":{"type":"integer"}})", "1,two,3"),
            "x: item 2: expected an integer, got 'two'");
  EXPECT_EQ(problem_for(R"({"type":"array"})", "a,,b"), "x: item 2 is empty (write items separated by single commas)");
  EXPECT_NE(problem_for(R"({"type":"array"})", "a,b,"), "");
}

TEST(SettingsConvert, ArraysAlsoAcceptJsonTextForItemsWithCommas) {
  EXPECT_EQ(converted(R"({"type":"array"})", R"(["a,b", "c"])"), json::parse(R"(["a,b","c"])"));
  EXPECT_EQ(converted(R"({"type":"array","items":{"type":"integer"}})", "[1, 2]"), json::parse("[1,2]"));
  EXPECT_EQ(problem_for(R"({"type":"array","items":{"type":"integer"}})", R"([1, "2"])"),
            "x: item 2: expected integer, got \"2\"");
  EXPECT_NE(problem_for(R"({"type":"array"})", "[1,"), "");
}

TEST(SettingsConvert, ObjectsMustBeJsonObjectText) {
  EXPECT_EQ(converted(R"({"type":"object"})", R"({"a": [1, 2]})"), json::parse(R"({"a":[1,2]})"));
  EXPECT_EQ(problem_for(R"({"type":"object"})", "[1]"), "x: expected a JSON object, got a JSON array");
  const std::string bad_json = problem_for(R"({"type":"object"})", "{a: 1}");
  EXPECT_EQ(bad_json.rfind("x: expected a JSON object, but the value is not valid JSON (line 1, column 2:", 0), 0u) << bad_json;
}

TEST(SettingsConvert, PropertyWithoutTypeIsTreatedAsString) {
  EXPECT_EQ(converted(R"({"description":"free text"})", "42"), json::Value("42"));
}

// ---- constraints -------------------------------------------------------------------------

TEST(SettingsConvert, EnumIsCheckedAfterConversion) {
  const char* egress = R"({"type":"string","enum":["public","private"]})";
  EXPECT_EQ(converted(egress, "private"), json::Value("private"));
  EXPECT_EQ(problem_for(egress, "open"), "x: must be one of public, private (got 'open')");
  EXPECT_EQ(problem_for(egress, "Public"), "x: must be one of public, private (got 'Public')");
  EXPECT_EQ(problem_for(egress, "public "), "x: must be one of public, private (got 'public ')"); // strings are verbatim
  const char* level = R"({"type":"integer","enum":[1,2,3]})";
  EXPECT_EQ(converted(level, "02"), json::Value(2));
  EXPECT_EQ(problem_for(level, "4"), "x: must be one of 1, 2, 3 (got '4')");
  EXPECT_EQ(converted(R"({"type":"number","enum":[0.5,1]})", "1"), json::Value(1.0)); // 1 == 1.0
}

TEST(SettingsConvert, MinimumAndMaximum) {
  const char* temperature = R"({"type":"number","minimum":0,"maximum":2})";
  EXPECT_EQ(converted(temperature, "2"), json::Value(2.0));
  EXPECT_EQ(converted(temperature, "0"), json::Value(0.0));
  EXPECT_EQ(problem_for(temperature, "3.5"), "x: must be <= 2 (got 3.5)");
  EXPECT_EQ(problem_for(temperature, "-0.1"), "x: must be >= 0 (got -0.1)");
  const char* exclusive = R"({"type":"integer","exclusiveMinimum":0,"exclusiveMaximum":10})";
  EXPECT_EQ(converted(exclusive, "1"), json::Value(1));
  EXPECT_EQ(problem_for(exclusive, "0"), "x: must be > 0 (got 0)");
  EXPECT_EQ(problem_for(exclusive, "10"), "x: must be < 10 (got 10)");
  // Integer bounds are compared exactly, not through double.
  EXPECT_NE(problem_for(R"({"type":"integer","maximum":9007199254740992})", "9007199254740993"), "");
}

TEST(SettingsConvert, LengthsCountCharactersAndItems) {
  const char* token = R"({"type":"string","minLength":3,"maxLength":5})";
  EXPECT_EQ(converted(token, "\xC3\xA9\xC3\xA9\xC3\xA9"), json::Value("\xC3\xA9\xC3\xA9\xC3\xA9")); // 3 characters, 6 bytes
  EXPECT_EQ(problem_for(token, "ab"), "x: must have at least 3 characters (got 2)");
  EXPECT_EQ(problem_for(token, "abcdef"), "x: must have at most 5 characters (got 6)");
  const char* hosts = R"({"type":"array","minItems":1,"maxItems":2})";
  EXPECT_EQ(problem_for(hosts, ""), "x: must have at least 1 items (got 0)");
  EXPECT_EQ(problem_for(hosts, "a,b,c"), "x: must have at most 2 items (got 3)");
}

TEST(SettingsConvert, ItemConstraintsApplyToEachItem) {
  const char* ports = R"({"type":"array","items":{"type":"integer","minimum":1,"maximum":65535}})";
  EXPECT_EQ(converted(ports, "80,443"), json::parse("[80,443]"));
  EXPECT_EQ(problem_for(ports, "80,70000"), "x: item 2: must be <= 65535 (got 70000)");
  EXPECT_EQ(problem_for(R"({"type":"array","items":{"enum":["a","b"]}})", "a,c"), "x: item 2: must be one of a, b (got 'c')");
  EXPECT_EQ(problem_for(ports, "[80, 0]"), "x: item 2: must be >= 1 (got 0)");
}

// ---- the whole settings object -----------------------------------------------------------

TEST(SettingsConvert, DefaultsFillInAndOutputFollowsSchemaOrder) {
  const settings::Result r = convert(R"({"type":"object","properties":{
      "model":{"type":"string","default":"small"},
      "temperature":{"type":"number","default":0.7},
      "stream":{"type":"boolean","default":true},
      "stop":{"type":"array","default":[]},
      "no_default":{"type":"string"}}})",
                                     {{"stream", "off", 3}, {"model", "large", 2}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(json::dump(r.settings), R"({"model":"large","temperature":0.7,"stream":false,"stop":[]})");
}

TEST(SettingsConvert, MissingRequiredSettingsAreReportedWithTheirDescription) {
  const settings::Result r = convert(R"({"type":"object","required":["api_key","base_url"],"properties":{
      "api_key":{"type":"string","description":"the provider's API key"},
      "base_url":{"type":"string"},
      "optional":{"type":"string"}}})",
                                     {});
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0].key, "api_key");
  EXPECT_EQ(r.problems[0].line, 0);
  EXPECT_EQ(r.problems[0].message, "api_key: required setting is missing (the provider's API key); add 'api_key = ...'");
  EXPECT_EQ(r.problems[1].message, "base_url: required setting is missing; add 'base_url = ...'");
}

TEST(SettingsConvert, RequiredWithDefaultIsSatisfiedByTheDefault) {
  const settings::Result r =
      convert(R"({"type":"object","required":["mode"],"properties":{"mode":{"type":"string","default":"fast"}}})", {});
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.settings["mode"], json::Value("fast"));
}

TEST(SettingsConvert, UnknownKeysSuggestTheClosestName) {
  const char* schema = R"({"type":"object","properties":{"token_delay_ms":{"type":"integer"},"temperature":{"type":"number"}}})";
  settings::Result r = convert(schema, {{"temprature", "1", 7}});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].key, "temprature");
  EXPECT_EQ(r.problems[0].line, 7);
  EXPECT_EQ(r.problems[0].message, "unknown setting 'temprature' (did you mean 'temperature'?)");
  r = convert(schema, {{"Temperature", "1", 1}});
  EXPECT_EQ(r.problems.at(0).message, "unknown setting 'Temperature' (did you mean 'temperature'?)");
  r = convert(schema, {{"token_delay", "5", 3}});
  EXPECT_EQ(r.problems.at(0).message, "unknown setting 'token_delay' (did you mean 'token_delay_ms'?)"); // a prefix
  r = convert(schema, {{"colour", "red", 2}});
  EXPECT_EQ(r.problems.at(0).message, "unknown setting 'colour'; known settings: token_delay_ms, temperature");
  r = convert(R"({"type":"object","properties":{"b":{"type":"string"}}})", {{"a", "1", 1}});
  EXPECT_EQ(r.problems.at(0).message, "unknown setting 'a'; known settings: b"); // one letter apart is no hint
  r = convert(R"({"type":"object"})", {{"anything", "1", 1}});
  EXPECT_EQ(r.problems.at(0).message, "unknown setting 'anything'; this component takes no settings");
}

TEST(SettingsConvert, AdditionalPropertiesCanAllowUnknownKeys) {
  settings::Result r = convert(R"({"type":"object","additionalProperties":true})", {{"extra", "7", 1}});
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.settings["extra"], json::Value("7"));
  r = convert(R"({"type":"object","additionalProperties":{"type":"integer"}})", {{"a", "7", 1}, {"b", "x", 2}});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].message, "b: expected an integer, got 'x'");
  EXPECT_EQ(r.settings["a"], json::Value(7));
  r = convert(R"({"type":"object","additionalProperties":false})", {{"a", "7", 1}});
  EXPECT_FALSE(r.ok());
}

TEST(SettingsConvert, RepeatedKeysAreReported) {
  const settings::Result r = convert(one(R"({"type":"integer"})").c_str(), {{"x", "1", 3}, {"x", "2", 9}});
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].line, 9);
  EXPECT_EQ(r.problems[0].message, "x: set more than once (first on line 3); keep one");
  EXPECT_EQ(r.settings["x"], json::Value(1));
}

TEST(SettingsConvert, AllProblemsAreCollectedAndGoodSettingsKept) {
  const settings::Result r = convert(R"({"type":"object","required":["key"],"properties":{
      "key":{"type":"string"},"port":{"type":"integer"},"ratio":{"type":"number"},"name":{"type":"string"}}})",
                                     {{"port", "http", 1}, {"ratio", "x", 2}, {"name", "ok", 3}, {"bogus", "1", 4}});
  ASSERT_EQ(r.problems.size(), 4u);
  EXPECT_EQ(r.problems[0].message, "key: required setting is missing; add 'key = ...'");
  EXPECT_EQ(r.problems[1].message, "port: expected an integer, got 'http'");
  EXPECT_EQ(r.problems[2].message, "ratio: expected a number, got 'x'");
  EXPECT_EQ(r.problems[3].key, "bogus");
  EXPECT_EQ(json::dump(r.settings), R"({"name":"ok"})");
}

TEST(SettingsConvert, NonObjectSchemaIsAProblemNotACrash) {
  const settings::Result r = settings::convert(json::Value("nope"), {{"a", "1", 1}}, "");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].message, "the settings schema is not a JSON object");
}

// ---- paths -------------------------------------------------------------------------------

TEST(SettingsConvert, PathsResolveAgainstTheBaseDirectory) {
  const char* path = R"({"type":"string","format":"path"})";
  EXPECT_EQ(converted(path, "data/cache.db", "/etc/agenthost"), json::Value("/etc/agenthost/data/cache.db"));
  EXPECT_EQ(converted(path, "./cache.db", "/etc/agenthost/"), json::Value("/etc/agenthost/cache.db"));
  EXPECT_EQ(converted(path, "../shared", "/etc/agenthost"), json::Value("/etc/agenthost/../shared"));
  EXPECT_EQ(converted(path, ".", "/srv"), json::Value("/srv"));
  EXPECT_EQ(converted(path, "/var/lib/x", "/etc/agenthost"), json::Value("/var/lib/x"));
  EXPECT_EQ(converted(path, "data/cache.db", ""), json::Value("data/cache.db"));
  EXPECT_EQ(converted(path, "", "/etc"), json::Value(""));
  EXPECT_EQ(converted(R"({"type":"string"})", "data", "/etc"), json::Value("data")); // no format, no change
  EXPECT_EQ(converted(R"({"type":"array","items":{"type":"string","format":"path"}})", "a, /b", "/base"),
            json::parse(R"(["/base/a","/b"])"));
}

TEST(SettingsConvert, PathDefaultsResolveToo) {
  const settings::Result r =
      convert(R"({"type":"object","properties":{"db":{"type":"string","format":"path","default":"state.db"}}})", {}, "/srv/app");
  EXPECT_EQ(r.settings["db"], json::Value("/srv/app/state.db"));
}

// ---- check_schema ------------------------------------------------------------------------

TEST(SettingsCheckSchema, AcceptsAFullValidSchema) {
  EXPECT_TRUE(schema_problems(R"({"type":"object","required":["key"],"additionalProperties":false,"properties":{
      "key":{"type":"string","description":"API key","minLength":1},
      "delay":{"type":"integer","default":5,"minimum":0,"maximum":1000},
      "ratio":{"type":"number","default":1,"exclusiveMaximum":2},
      "egress":{"type":"string","enum":["public","private"],"default":"public"},
      "on":{"type":"boolean","default":false},
      "dir":{"type":"string","format":"path","default":"data"},
      "hosts":{"type":"array","items":{"type":"string"},"default":["a"],"maxItems":3},
      "ports":{"type":"array","items":{"type":"integer","minimum":1},"default":[80]},
      "extra":{"type":"object","default":{}},
      "count":{"type":"integer","default":5.0}}})")
                  .empty());
  EXPECT_TRUE(schema_problems(R"({"type":"object","properties":{}})").empty());
  EXPECT_TRUE(schema_problems(R"({"type":"object"})").empty());
}

TEST(SettingsCheckSchema, TopLevelShape) {
  EXPECT_EQ(only_schema_problem("[]"), "the settings schema must be a JSON object, got array");
  EXPECT_EQ(only_schema_problem(R"({"properties":{}})"), R"(the settings schema must have "type": "object" (got null))");
  EXPECT_EQ(only_schema_problem(R"({"type":"array"})"), R"(the settings schema must have "type": "object" (got "array"))");
  EXPECT_EQ(only_schema_problem(R"({"type":"object","properties":[]})"),
            R"("properties" must be a JSON object mapping setting names to schemas)");
  EXPECT_EQ(only_schema_problem(R"({"type":"object","additionalProperties":1})"),
            R"("additionalProperties" must be true, false or a schema object)");
}

TEST(SettingsCheckSchema, PropertyTypesMustBeKnown) {
  EXPECT_EQ(only_schema_problem(one(R"({"description":"no type"})")),
            R"(property 'x': "type" must be one of string, integer, number, boolean, array, object (got null))");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"float"})")),
            R"(property 'x': "type" must be one of string, integer, number, boolean, array, object (got "float"))");
  EXPECT_NE(only_schema_problem(one(R"({"type":["string","null"]})")), "");
  EXPECT_EQ(only_schema_problem(one(R"("string")")), "property 'x': must be a JSON object (a schema), got string");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"array","items":{"type":"object"}})")),
            R"(property 'x': items: array items must be string, integer, number or boolean (got "object"))");
  EXPECT_NE(only_schema_problem(one(R"({"type":"array","items":{"type":"date"}})")), "");
  const std::vector<settings::Problem> problems = settings::check_schema(json::parse(one(R"({"type":"float"})")));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].key, "x");
}

TEST(SettingsCheckSchema, DefaultsMustMatchTheTypeAndConstraints) {
  EXPECT_EQ(only_schema_problem(one(R"({"type":"integer","default":"80"})")), R"(property 'x': default "80" is not of type integer)");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"integer","default":1.5})")), "property 'x': default 1.5 is not of type integer");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"boolean","default":"true"})")), R"(property 'x': default "true" is not of type boolean)");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"string","default":null})")), "property 'x': default null is not of type string");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"object","default":[]})")), "property 'x': default [] is not of type object");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"string","enum":["a","b"],"default":"c"})")),
            R"(property 'x': default "c" is invalid: must be one of a, b (got 'c'))");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"number","maximum":2,"default":3})")),
            "property 'x': default 3 is invalid: must be <= 2 (got 3)");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"array","items":{"type":"integer"},"default":[1,"2"]})")),
            R"(property 'x': default [1,"2"] is invalid: item "2" is not of type integer)");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"array","items":{"type":"integer","minimum":1},"default":[0]})")),
            "property 'x': default [0] is invalid: must be >= 1 (got 0)");
}

TEST(SettingsCheckSchema, KeywordsMustBeWellFormed) {
  EXPECT_EQ(only_schema_problem(one(R"({"type":"string","enum":[]})")), R"(property 'x': "enum" must be a non-empty array)");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"string","enum":"a"})")), R"(property 'x': "enum" must be a non-empty array)");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"string","enum":["a",1]})")), "property 'x': enum value 1 is not of type string");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"integer","minimum":"0"})")), R"(property 'x': "minimum" must be a number)");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"integer","minimum":5,"maximum":1})")),
            R"(property 'x': "minimum" 5 is greater than "maximum" 1)");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"string","minLength":-1})")),
            R"(property 'x': "minLength" must be a non-negative integer)");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"string","description":5})")), R"(property 'x': "description" must be a string)");
  EXPECT_EQ(only_schema_problem(one(R"({"type":"string","format":true})")), R"(property 'x': "format" must be a string)");
}

TEST(SettingsCheckSchema, RequiredEntriesMustBeDeclared) {
  const std::vector<settings::Problem> problems =
      settings::check_schema(json::parse(R"({"type":"object","required":["a","ghost"],"properties":{"a":{"type":"string"}}})"));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].key, "ghost");
  EXPECT_EQ(problems[0].message, R"("required" lists 'ghost', which is not declared in "properties")");
  EXPECT_EQ(only_schema_problem(R"({"type":"object","required":"a"})"), R"("required" must be an array of setting names)");
  EXPECT_EQ(only_schema_problem(R"({"type":"object","required":[1],"properties":{}})"), R"("required" entries must be strings (got 1))");
}

TEST(SettingsCheckSchema, ReportsEveryBadPropertyAtOnce) {
  const std::vector<std::string> problems = schema_problems(R"({"type":"object","properties":{
      "a":{"type":"int"},"b":{"type":"string"},"c":{"type":"integer","default":"x"}}})");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].rfind("property 'a': ", 0), 0u);
  EXPECT_EQ(problems[1].rfind("property 'c': ", 0), 0u);
}
