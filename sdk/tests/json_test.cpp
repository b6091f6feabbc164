// Tests for agenthost/json.hpp: the SDK's own strict JSON parser, writer and value type.
#include "agenthost/json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace json = agenthost::json;

namespace {

// Parses text that must be rejected and returns the error, failing the test if it parses.
json::ParseError parse_error(std::string_view text) {
  try {
    json::parse(text);
  } catch (const json::ParseError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a parse error for: " << text;
  return json::ParseError("none", 0, 0, 0);
}

std::string roundtrip(std::string_view text) { return json::dump(json::parse(text)); }

} // namespace

// ---- values ------------------------------------------------------------------------------

TEST(JsonValue, ConstructorsPickTheRightType) {
  EXPECT_TRUE(json::Value().is_null());
  EXPECT_TRUE(json::Value(nullptr).is_null());
  EXPECT_TRUE(json::Value(static_cast<const char*>(nullptr)).is_null());
  EXPECT_TRUE(json::Value(true).is_bool());
  EXPECT_TRUE(json::Value(42).is_int());
  EXPECT_TRUE(json::Value(std::uint8_t{7}).is_int());
  EXPECT_TRUE(json::Value(42L).is_int());
  EXPECT_TRUE(json::Value(1.5).is_double());
  EXPECT_TRUE(json::Value(1.5f).is_double());
  EXPECT_TRUE(json::Value("text").is_string()); // not bool, despite the pointer conversion
  EXPECT_TRUE(json::Value(std::string("text")).is_string());
  EXPECT_TRUE(json::Value(std::string_view("text")).is_string());
  EXPECT_TRUE(json::Value::array().is_array());
  EXPECT_TRUE(json::Value::object().is_object());
  EXPECT_EQ(json::Value(std::uint64_t{5}).as_int(), 5);
}

TEST(JsonValue, UnsignedBeyondInt64KeepsItsMagnitudeAsDouble) {
  const json::Value v(std::numeric_limits<std::uint64_t>::max());
  ASSERT_TRUE(v.is_double());
  EXPECT_DOUBLE_EQ(v.as_double(), 18446744073709551615.0);
}

TEST(JsonValue, AccessorsThrowTypeErrorNamingBothTypes) {
  const json::Value number(3);
  try {
    (void)number.as_string();
    FAIL() << "as_string on a number must throw";
  } catch (const json::TypeError& e) {
    EXPECT_STREQ(e.what(), "expected string, got number");
  }
  EXPECT_THROW((void)json::Value("x").as_int(), json::TypeError);
  EXPECT_THROW((void)json::Value().as_bool(), json::TypeError);
  EXPECT_THROW((void)json::Value(true).as_double(), json::TypeError);
  EXPECT_THROW((void)json::Value::object().as_array(), json::TypeError);
  EXPECT_THROW((void)json::Value::array().as_object(), json::TypeError);
  EXPECT_THROW(json::Value(1).set("k", 2), json::TypeError);
  EXPECT_THROW(json::Value::object().push_back(1), json::TypeError);
  EXPECT_THROW((void)json::Value("abc").size(), json::TypeError);
  static_assert(std::is_base_of_v<std::runtime_error, json::TypeError>);
  static_assert(std::is_base_of_v<std::runtime_error, json::ParseError>);
}

TEST(JsonValue, NumbersConvertWhereExact) {
  EXPECT_DOUBLE_EQ(json::Value(7).as_double(), 7.0);
  EXPECT_EQ(json::Value(100.0).as_int(), 100); // some writers emit integral doubles
  try {
    (void)json::Value(2.5).as_int();
    FAIL() << "2.5 is not an integer";
  } catch (const json::TypeError& e) {
    EXPECT_STREQ(e.what(), "expected integer, got number 2.5");
  }
  EXPECT_THROW((void)json::Value(1e19).as_int(), json::TypeError);
  EXPECT_TRUE(json::Value(1).is_number());
  EXPECT_TRUE(json::Value(1.0).is_number());
  EXPECT_FALSE(json::Value("1").is_number());
}

TEST(JsonValue, ObjectsKeepInsertionOrderAndSetReplacesInPlace) {
  json::Value v = json::Value::object({{"zeta", 1}, {"alpha", 2}});
  v.set("mid", 3);
  v.set("zeta", 10);
  EXPECT_EQ(json::dump(v), R"({"zeta":10,"alpha":2,"mid":3})");
  EXPECT_EQ(v.size(), 3u);
  // Duplicate keys in the initializer behave like repeated set().
  EXPECT_EQ(json::dump(json::Value::object({{"a", 1}, {"b", 2}, {"a", 3}})), R"({"a":3,"b":2})");
}

TEST(JsonValue, FindAndSubscriptAreLenient) {
  const json::Value v = json::parse(R"({"a":{"b":[10,20]}})");
  ASSERT_NE(v.find("a"), nullptr);
  EXPECT_EQ(v.find("missing"), nullptr);
  EXPECT_EQ(json::Value(3).find("a"), nullptr);
  EXPECT_EQ(v["a"]["b"][1].as_int(), 20);
  EXPECT_TRUE(v["a"]["b"][5].is_null());
  EXPECT_TRUE(v["nope"]["deeper"].is_null());
  EXPECT_TRUE(json::Value("str")["key"].is_null());
  EXPECT_TRUE(v.contains("a"));
  EXPECT_FALSE(v.contains("b"));
}

TEST(JsonValue, MutableAccessEditsInPlace) {
  json::Value v = json::parse(R"({"list":[1],"name":"x"})");
  v.find("list")->push_back(2);
  v.find("name")->as_string() += "y";
  v.as_object().emplace_back("extra", true);
  EXPECT_EQ(json::dump(v), R"({"list":[1,2],"name":"xy","extra":true})");
}

TEST(JsonValue, GetOrUsesFallbackOnlyWhenAbsentOrNull) {
  const json::Value v = json::parse(R"({"port":8080,"name":"svc","ratio":0.5,"on":true,"gone":null,"big":99999999999})");
  EXPECT_EQ(v.get_or("port", 1), 8080);
  EXPECT_EQ(v.get_or("absent", 1), 1);
  EXPECT_EQ(v.get_or("gone", 5), 5);
  EXPECT_EQ(v.get_or("name", "default"), "svc");
  EXPECT_EQ(v.get_or("absent", "default"), "default");
  EXPECT_EQ(v.get_or("absent", std::string("s")), "s");
  EXPECT_DOUBLE_EQ(v.get_or("ratio", 1.0), 0.5);
  EXPECT_DOUBLE_EQ(v.get_or("port", 1.0), 8080.0);
  EXPECT_TRUE(v.get_or("on", false));
  try {
    (void)v.get_or("name", 1);
    FAIL() << "a string is not an int";
  } catch (const json::TypeError& e) {
    EXPECT_STREQ(e.what(), "name: expected integer, got string");
  }
  EXPECT_THROW((void)v.get_or("big", std::int32_t{0}), json::TypeError); // out of range for int32
  EXPECT_EQ(v.get_or("big", std::int64_t{0}), 99999999999);
}

TEST(JsonValue, EqualityComparesNumbersByValueAndObjectsIgnoringOrder) {
  EXPECT_EQ(json::Value(1), json::Value(1.0));
  EXPECT_NE(json::Value(1), json::Value(1.5));
  EXPECT_NE(json::Value(1), json::Value("1"));
  EXPECT_NE(json::Value(true), json::Value(1));
  EXPECT_NE(json::Value(), json::Value(false));
  EXPECT_EQ(json::parse(R"({"a":1,"b":[1,2]})"), json::parse(R"({"b":[1,2.0],"a":1})"));
  EXPECT_NE(json::parse(R"({"a":1,"b":2})"), json::parse(R"({"a":1,"c":2})"));
  EXPECT_NE(json::parse(R"({"a":1})"), json::parse(R"({"a":1,"b":2})"));
  EXPECT_NE(json::parse("[1,2]"), json::parse("[2,1]"));
  EXPECT_NE(json::Value(9007199254740993), json::Value(9007199254740992.0)); // 2^53+1 vs 2^53
}

// ---- parsing: structure ------------------------------------------------------------------

TEST(JsonParse, Literals) {
  EXPECT_TRUE(json::parse("null").is_null());
  EXPECT_TRUE(json::parse("true").as_bool());
  EXPECT_FALSE(json::parse("false").as_bool());
  EXPECT_THROW(json::parse("nul"), json::ParseError);
  EXPECT_THROW(json::parse("True"), json::ParseError);
  EXPECT_THROW(json::parse("truex"), json::ParseError);
  EXPECT_THROW(json::parse("NaN"), json::ParseError);
  EXPECT_THROW(json::parse("Infinity"), json::ParseError);
  EXPECT_THROW(json::parse("-Infinity"), json::ParseError);
  EXPECT_THROW(json::parse("undefined"), json::ParseError);
}

TEST(JsonParse, WhitespaceIsOnlyTheFourRfcCharacters) {
  EXPECT_EQ(json::parse(" \t\r\n[ 1 ,\n2 ] \n").size(), 2u);
  EXPECT_THROW(json::parse("\f1"), json::ParseError);
  EXPECT_THROW(json::parse("\v1"), json::ParseError);
  EXPECT_THROW(json::parse("\xC2\xA0" "1"), json::ParseError); // no-break space
}

TEST(JsonParse, RejectsEmptyAndTrailingInput) {
  EXPECT_THROW(json::parse(""), json::ParseError);
  EXPECT_THROW(json::parse("   "), json::ParseError);
  EXPECT_THROW(json::parse("1 2"), json::ParseError);
  EXPECT_THROW(json::parse("{} x"), json::ParseError);
  EXPECT_THROW(json::parse("[]]"), json::ParseError);
  EXPECT_THROW(json::parse(std::string_view("1\0", 2)), json::ParseError);
}

TEST(JsonParse, RejectsMalformedContainers) {
  for (const char* bad : {"[", "[1", "[1,", "[1,]", "[,1]", "[1 2]", "{", "{\"a\"", "{\"a\":", "{\"a\":1,}",
                          "{\"a\" 1}", "{a:1}", "{'a':1}", "{\"a\":1 \"b\":2}", "{1:2}", "[}", "{]", "// c\n1",
                          "/* c */1", "[1]//"}) {
    EXPECT_THROW(json::parse(bad), json::ParseError) << bad;
  }
}

TEST(JsonParse, NestedStructures) {
  const json::Value v = json::parse(R"({"a":[1,{"b":null},[]],"c":{},"d":[[[]]]})");
  EXPECT_EQ(v["a"].size(), 3u);
  EXPECT_TRUE(v["a"][1].find("b")->is_null());
  EXPECT_EQ(v["c"].size(), 0u);
  EXPECT_EQ(v["d"][0][0].size(), 0u);
}

TEST(JsonParse, DuplicateKeysLastValueWinsAtFirstPosition) {
  EXPECT_EQ(roundtrip(R"({"a":1,"b":2,"a":3})"), R"({"a":3,"b":2})");
  EXPECT_EQ(roundtrip(R"({"a":1,"a":2,"a":3})"), R"({"a":3})");
  // The large-object path (sorted index) must agree with the small one.
  std::string text = "{";
  for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  text += R"("k5":"five","k39":"last","k5":"again"})";
  const json::Value v = json::parse(text);
  EXPECT_EQ(v.size(), 40u);
  EXPECT_EQ(v["k5"].as_string(), "again");
  EXPECT_EQ(v["k39"].as_string(), "last");
  EXPECT_EQ(v.as_object()[5].first, "k5");
  EXPECT_EQ(v.as_object()[39].first, "k39");
  EXPECT_EQ(v["k0"].as_int(), 0);
}

TEST(JsonParse, DepthLimitIs512) {
  const auto nested = [](int depth) { return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']'); };
  EXPECT_NO_THROW(json::parse(nested(512)));
  const json::ParseError e = parse_error(nested(513));
  EXPECT_NE(std::string(e.what()).find("deeper than 512"), std::string::npos) << e.what();
  EXPECT_EQ(e.offset(), 512u);
  std::string objects;
  for (int i = 0; i < 513; ++i) objects += "{\"a\":";
  EXPECT_THROW(json::parse(objects), json::ParseError);
  // Far past the limit must still be an error, never a stack overflow.
  EXPECT_THROW(json::parse(std::string(1000000, '[')), json::ParseError);
}

// ---- parsing: numbers --------------------------------------------------------------------

TEST(JsonParse, IntegersStayIntegersAcrossTheInt64Range) {
  EXPECT_EQ(json::parse("0").as_int(), 0);
  EXPECT_TRUE(json::parse("-0").is_int());
  EXPECT_EQ(json::parse("-17").as_int(), -17);
  EXPECT_EQ(json::parse("9223372036854775807").as_int(), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(json::parse("-9223372036854775808").as_int(), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(json::parse("9007199254740993").as_int(), 9007199254740993); // not representable as double
  EXPECT_EQ(roundtrip("9007199254740993"), "9007199254740993");
}

TEST(JsonParse, IntegersBeyondInt64BecomeDoubles) {
  const json::Value big = json::parse("9223372036854775808");
  ASSERT_TRUE(big.is_double());
  EXPECT_DOUBLE_EQ(big.as_double(), 9223372036854775808.0);
  const json::Value small = json::parse("-9223372036854775809");
  ASSERT_TRUE(small.is_double());
  EXPECT_DOUBLE_EQ(small.as_double(), -9223372036854775808.0);
  EXPECT_DOUBLE_EQ(json::parse("123456789012345678901234567890").as_double(), 1.2345678901234568e29);
}

TEST(JsonParse, FractionsAndExponentsAreDoubles) {
  EXPECT_DOUBLE_EQ(json::parse("1.5").as_double(), 1.5);
  EXPECT_DOUBLE_EQ(json::parse("-0.25").as_double(), -0.25);
  EXPECT_TRUE(json::parse("1.0").is_double());
  EXPECT_TRUE(json::parse("1e2").is_double());
  EXPECT_DOUBLE_EQ(json::parse("1E2").as_double(), 100.0);
  EXPECT_DOUBLE_EQ(json::parse("1e+2").as_double(), 100.0);
  EXPECT_DOUBLE_EQ(json::parse("25e-2").as_double(), 0.25);
  EXPECT_DOUBLE_EQ(json::parse("1.7976931348623157e308").as_double(), std::numeric_limits<double>::max());
  EXPECT_DOUBLE_EQ(json::parse("4.9e-324").as_double(), std::numeric_limits<double>::denorm_min());
}

TEST(JsonParse, UnderflowBecomesZeroAndOverflowIsAnError) {
  const json::Value tiny = json::parse("1e-400");
  ASSERT_TRUE(tiny.is_double());
  EXPECT_EQ(tiny.as_double(), 0.0);
  EXPECT_TRUE(std::signbit(json::parse("-1e-400").as_double()));
  EXPECT_EQ(json::parse("0.00001e-320").as_double(), 0.0);
  EXPECT_EQ(json::parse("123456e-330").as_double(), 0.0);
  EXPECT_EQ(json::parse("1e-99999999999999999999").as_double(), 0.0);
  const json::ParseError e = parse_error("[1, 1e400]");
  EXPECT_STREQ(e.what(), "line 1, column 5: number 1e400 is too large for a double");
  EXPECT_THROW(json::parse("-1.5e99999999999999999999"), json::ParseError);
  EXPECT_THROW(json::parse("1000e306"), json::ParseError);
}

TEST(JsonParse, RejectsNonRfcNumbers) {
  for (const char* bad : {"01", "-01", "00", "+1", ".5", "5.", "1.e3", "1e", "1e+", "-", "--1", "0x10", "1_000",
                          "1.5.2", "- 1", "0e", "1ee2"}) {
    EXPECT_THROW(json::parse(bad), json::ParseError) << bad;
  }
  EXPECT_NE(parse_error("[007]").detail().find("leading zeros"), std::string::npos);
}

// ---- parsing: strings --------------------------------------------------------------------

TEST(JsonParse, EveryEscape) {
  EXPECT_EQ(json::parse(R"("\" \\ \/ \b \f \n \r \t")").as_string(), "\" \\ / \b \f \n \r \t");
  EXPECT_EQ(json::parse(R"("\u0041\u00e9\u20AC")").as_string(), "A\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(json::parse(R"("\u0000")").as_string(), std::string(1, '\0'));
  EXPECT_EQ(json::parse(R"("a\u0000b")").as_string().size(), 3u);
  EXPECT_EQ(json::parse(R"("\uFFFF")").as_string(), "\xEF\xBF\xBF");
}

TEST(JsonParse, SurrogatePairsCombineAndLoneSurrogatesAreErrors) {
  EXPECT_EQ(json::parse(R"("\ud83d\ude00")").as_string(), "\xF0\x9F\x98\x80"); // U+1F600
  EXPECT_EQ(json::parse(R"("\uD800\uDC00")").as_string(), "\xF0\x90\x80\x80"); // U+10000
  EXPECT_EQ(json::parse(R"("\uDBFF\uDFFF")").as_string(), "\xF4\x8F\xBF\xBF"); // U+10FFFF
  for (const char* bad : {R"("\ud83d")", R"("\ud83dx")", R"("\ud83d\n")", R"("\ud83d\u0041")", R"("\ude00")",
                          R"("\ude00\ud83d")", R"("\ud83d\ud83d")", R"("\ud83d\u")"}) {
    EXPECT_THROW(json::parse(bad), json::ParseError) << bad;
  }
  EXPECT_NE(parse_error(R"("\ude00")").detail().find("unpaired low surrogate"), std::string::npos);
}

TEST(JsonParse, RejectsBadEscapes) {
  for (const char* bad : {R"("\a")", R"("\x41")", R"("\'")", R"("\U0041")", R"("\u12")", R"("\u12G4")", R"("\)",
                          R"("\u")", "\"\\"}) {
    EXPECT_THROW(json::parse(bad), json::ParseError) << bad;
  }
}

TEST(JsonParse, RejectsRawControlCharacters) {
  for (int c = 0; c < 0x20; ++c) {
    const std::string text = std::string("\"a") + static_cast<char>(c) + "b\"";
    EXPECT_THROW(json::parse(text), json::ParseError) << "control character " << c;
  }
  EXPECT_EQ(json::parse("\"\x7F\"").as_string(), "\x7F"); // DEL is allowed raw
  EXPECT_NE(parse_error("\"a\nb\"").detail().find("must be escaped"), std::string::npos);
}

TEST(JsonParse, AcceptsValidUtf8) {
  const std::string text = "\"\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF \xED\x9F\xBF\"";
  EXPECT_EQ(json::parse(text).as_string(), text.substr(1, text.size() - 2));
}

TEST(JsonParse, RejectsInvalidUtf8) {
  const char* bad_strings[] = {
      "\x80",             // lone continuation byte
      "\xBF",             // lone continuation byte
      "\xC0\x80",         // overlong NUL
      "\xC1\xBF",         // overlong
      "\xE0\x80\xAF",     // overlong three-byte
      "\xF0\x80\x80\xAF", // overlong four-byte
      "\xED\xA0\x80",     // encoded surrogate U+D800
      "\xED\xBF\xBF",     // encoded surrogate U+DFFF
      "\xF4\x90\x80\x80", // U+110000, beyond Unicode
      "\xF5\x80\x80\x80", // invalid lead byte
      "\xFF",             // never valid
      "\xFE",             // never valid
      "\xC3",             // truncated two-byte
      "\xE2\x82",         // truncated three-byte
      "\xF0\x9F\x98",     // truncated four-byte
      "\xC3\x41",         // lead byte followed by ASCII
  };
  for (const char* bad : bad_strings) {
    EXPECT_THROW(json::parse(std::string("\"") + bad + "\""), json::ParseError) << "in string: " << bad;
    EXPECT_THROW(json::parse(std::string("\"") + bad), json::ParseError) << "truncated: " << bad;
  }
  EXPECT_THROW(json::parse("\xEF\xBB\xBF{}"), json::ParseError); // a byte-order mark is not JSON
  EXPECT_THROW(json::parse("[\xC3\xA9]"), json::ParseError);     // non-ASCII outside a string
  EXPECT_NE(parse_error("\"ab\xFF\"").detail().find("0xFF"), std::string::npos);
}

// ---- parse errors: position and wording --------------------------------------------------

TEST(JsonParseError, ReportsLineColumnAndOffset) {
  const json::ParseError e = parse_error("{\n  \"a\": 1,\n  \"b\": 2 ]\n}");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_EQ(e.column(), 10u);
  EXPECT_EQ(e.offset(), 21u);
  EXPECT_STREQ(e.what(), "line 3, column 10: expected ',' or '}' but found ']'");
  EXPECT_EQ(e.detail(), "expected ',' or '}' but found ']'");
}

TEST(JsonParseError, ColumnsCountCharactersNotBytes) {
  const json::ParseError e = parse_error("[\"\xC3\xA9\xE2\x82\xAC\", x]");
  EXPECT_EQ(e.line(), 1u);
  EXPECT_EQ(e.column(), 8u); // [ " é € " , space x: é and € are one column each
  EXPECT_EQ(e.detail(), "expected a JSON value but found 'x'");
  EXPECT_EQ(e.offset(), 10u);
}

TEST(JsonParseError, DescribesWhatWasFound) {
  EXPECT_STREQ(parse_error("").what(), "line 1, column 1: expected a JSON value but found end of input");
  EXPECT_STREQ(parse_error("[1,]").what(), "line 1, column 4: expected a JSON value but found ']'");
  EXPECT_STREQ(parse_error("{\"a\" 1}").what(), "line 1, column 6: expected ':' after the key but found '1'");
  EXPECT_STREQ(parse_error("[1] x").what(), "line 1, column 5: unexpected 'x' after the JSON value");
  EXPECT_STREQ(parse_error("{,}").what(), "line 1, column 2: expected a string key or '}' but found ','");
  EXPECT_STREQ(parse_error("\n\n  \"abc").what(), "line 3, column 3: unterminated string");
  EXPECT_STREQ(parse_error("[\x01]").what(), "line 1, column 2: expected a JSON value but found byte 0x01");
}

// ---- writing -----------------------------------------------------------------------------

TEST(JsonDump, ScalarsAndContainersAreCompact) {
  EXPECT_EQ(json::dump(json::Value()), "null");
  EXPECT_EQ(json::dump(json::Value(true)), "true");
  EXPECT_EQ(json::dump(json::Value(false)), "false");
  EXPECT_EQ(json::dump(json::Value(-42)), "-42");
  EXPECT_EQ(json::dump(json::Value(std::numeric_limits<std::int64_t>::min())), "-9223372036854775808");
  EXPECT_EQ(json::dump(json::Value::array()), "[]");
  EXPECT_EQ(json::dump(json::Value::object()), "{}");
  EXPECT_EQ(json::dump(json::Value::array({1, "two", nullptr, json::Value::array()})), R"([1,"two",null,[]])");
}

TEST(JsonDump, DoublesAreShortestRoundTripAndStayDoubles) {
  EXPECT_EQ(json::dump(json::Value(0.1)), "0.1");
  EXPECT_EQ(json::dump(json::Value(2.5)), "2.5");
  EXPECT_EQ(json::dump(json::Value(3.0)), "3.0");
  EXPECT_EQ(json::dump(json::Value(-0.0)), "-0.0");
  EXPECT_EQ(json::dump(json::Value(1e100)), "1e+100");
  EXPECT_EQ(json::dump(json::Value(1.5e-7)), "1.5e-07");
  EXPECT_TRUE(json::parse(json::dump(json::Value(3.0))).is_double());
  for (double d : {0.1, 1.0 / 3.0, 123456.789, 1e-300, 5e-324, 1.7976931348623157e308, -2.2250738585072014e-308}) {
    EXPECT_EQ(json::parse(json::dump(json::Value(d))).as_double(), d) << json::dump(json::Value(d));
  }
}

TEST(JsonDump, NonFiniteDoublesBecomeNull) {
  EXPECT_EQ(json::dump(json::Value(std::numeric_limits<double>::infinity())), "null");
  EXPECT_EQ(json::dump(json::Value(-std::numeric_limits<double>::infinity())), "null");
  EXPECT_EQ(json::dump(json::Value(std::nan(""))), "null");
}

TEST(JsonDump, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(json::dump(json::Value("a\"b\\c/d")), R"("a\"b\\c/d")");
  EXPECT_EQ(json::dump(json::Value("\b\f\n\r\t")), R"("\b\f\n\r\t")");
  EXPECT_EQ(json::dump(json::Value(std::string("\0\x01\x1F", 3))), R"("\u0000\u0001\u001f")");
  EXPECT_EQ(json::dump(json::Value("\x7F")), "\"\x7F\"");
  for (int c = 0; c < 0x20; ++c) {
    const std::string s(1, static_cast<char>(c));
    EXPECT_EQ(json::parse(json::dump(json::Value(s))).as_string(), s) << c;
  }
}

TEST(JsonDump, PassesValidUtf8AndReplacesInvalidBytes) {
  const std::string valid = "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
  EXPECT_EQ(json::dump(json::Value(valid)), "\"" + valid + "\"");
  EXPECT_EQ(json::dump(json::Value("a\xFF" "b")), "\"a\xEF\xBF\xBD" "b\"");
  EXPECT_EQ(json::dump(json::Value("\xC3")), "\"\xEF\xBF\xBD\"");                  // truncated at the end
  EXPECT_EQ(json::dump(json::Value("\xED\xA0\x80")), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""); // surrogate
  EXPECT_EQ(json::dump(json::Value("\xC0\x80x")), "\"\xEF\xBF\xBD\xEF\xBF\xBDx\""); // overlong
  // Whatever the bytes, the output parses.
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes.push_back(static_cast<char>(b));
  EXPECT_NO_THROW(json::parse(json::dump(json::Value(all_bytes))));
}

TEST(JsonDump, AppendEscapedAndDumpToAppend) {
  std::string out = "key=";
  json::append_escaped(out, "say \"hi\"");
  EXPECT_EQ(out, R"(key="say \"hi\"")");
  json::dump_to(out, json::Value::array({1, 2}));
  EXPECT_EQ(out, R"(key="say \"hi\""[1,2])");
  std::string escaped_key;
  json::append_escaped(escaped_key, "");
  EXPECT_EQ(escaped_key, R"("")");
}

TEST(JsonDump, KeysAreEscapedToo) {
  json::Value v = json::Value::object();
  v.set("a\"\n", 1);
  EXPECT_EQ(json::dump(v), R"({"a\"\n":1})");
  EXPECT_EQ(json::parse(json::dump(v)), v);
}

TEST(JsonRoundTrip, CompactDocumentsSurviveUnchanged) {
  for (const char* text : {R"({"z":1,"a":[true,false,null],"m":{"n":-1.5e-10,"s":"\u00e9\"\\"}})",
                           R"([0,-0,1.5,-9223372036854775808,9223372036854775807,"",{},[]])",
                           R"({"b":{"c":{"d":{}}},"a":"x"})", R"("\u001f")", "-0.0"}) {
    const std::string once = roundtrip(text);
    EXPECT_EQ(roundtrip(once), once) << text;
    EXPECT_EQ(json::parse(once), json::parse(text)) << text;
  }
  EXPECT_EQ(roundtrip(R"({"z":1,"a":2,"m":3})"), R"({"z":1,"a":2,"m":3})"); // order preserved
  EXPECT_EQ(roundtrip(" [ 1 , { \"a\" : \"\\u0041\\/\" } ] "), R"([1,{"a":"A/"}])");
  EXPECT_EQ(roundtrip(R"("\ud83d\ude00")"), "\"\xF0\x9F\x98\x80\"");
}
