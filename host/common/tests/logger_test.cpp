#include "common/logger.hpp"

#include "common/error.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

namespace agenthost {
namespace {

// Collects lines; the logger serializes sink calls, so no locking is needed here.
struct CapturedLines {
  std::vector<std::string> lines;
  LogSink sink() {
    return [this](std::string_view line) { lines.emplace_back(line); };
  }
};

Poco::JSON::Object::Ptr parse_line(const std::string& line) {
  Poco::JSON::Parser parser;
  return parser.parse(line).extract<Poco::JSON::Object::Ptr>();
}

// Matches 2024-05-01T12:34:56.789Z: digits everywhere except the fixed separators.
bool is_utc_millis_timestamp(const std::string& ts) {
  const std::string shape = "dddd-dd-ddTdd:dd:dd.dddZ";
  if (ts.size() != shape.size()) return false;
  for (std::size_t i = 0; i < ts.size(); ++i) {
    if (shape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(ts[i])) : ts[i] != shape[i])
      return false;
  }
  return true;
}

TEST(Logger, TimestampNowHasTheIsoShape) {
  for (const char* bad :
       {"2024-05-01T12:34:56Z", "2024-05-01 12:34:56.789Z", "2024-05-01T12:34:56.789"}) {
    EXPECT_FALSE(is_utc_millis_timestamp(bad)) << bad;
  }
  EXPECT_TRUE(is_utc_millis_timestamp(utc_timestamp_now())) << utc_timestamp_now();
}

std::string encode(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

TEST(Logger, WritesOneJsonObjectWithFixedAndExtraFields) {
  CapturedLines captured;
  Logger logger(LogLevel::info, captured.sink());
  logger.info("request done", {{"method", "GET"}, {"status", 200}, {"duration_ms", 1.5}});

  ASSERT_EQ(captured.lines.size(), 1u);
  EXPECT_EQ(captured.lines[0].find('\n'), std::string::npos);
  auto object = parse_line(captured.lines[0]);
  EXPECT_EQ(object->getValue<std::string>("level"), "info");
  EXPECT_EQ(object->getValue<std::string>("msg"), "request done");
  EXPECT_EQ(object->getValue<std::string>("method"), "GET");
  EXPECT_EQ(object->getValue<int>("status"), 200);
  EXPECT_DOUBLE_EQ(object->getValue<double>("duration_ms"), 1.5);
  EXPECT_TRUE(is_utc_millis_timestamp(object->getValue<std::string>("ts")))
      << object->getValue<std::string>("ts");
}

TEST(Logger, FixedFieldsComeFirstInOrder) {
  const std::string line =
      format_log_line("2024-05-01T12:34:56.789Z", LogLevel::warn, "m", nullptr, nullptr);
  EXPECT_EQ(line, R"({"ts":"2024-05-01T12:34:56.789Z","level":"warn","msg":"m"})");
}

TEST(Logger, DropsLinesBelowThreshold) {
  CapturedLines captured;
  Logger logger(LogLevel::warn, captured.sink());
  logger.debug("d");
  logger.info("i");
  logger.warn("w");
  logger.error("e");
  ASSERT_EQ(captured.lines.size(), 2u);
  EXPECT_EQ(parse_line(captured.lines[0])->getValue<std::string>("level"), "warn");
  EXPECT_EQ(parse_line(captured.lines[1])->getValue<std::string>("level"), "error");
  EXPECT_FALSE(logger.enabled(LogLevel::info));

  logger.set_threshold(LogLevel::debug);
  logger.debug("now visible");
  ASSERT_EQ(captured.lines.size(), 3u);
  EXPECT_EQ(parse_line(captured.lines[2])->getValue<std::string>("msg"), "now visible");
}

TEST(Logger, WritesNumbersAndBooleansAsJsonValues) {
  CapturedLines captured;
  Logger logger(LogLevel::debug, captured.sink());
  const std::vector<LogField> fields = {
      {"negative", -42}, {"big", std::numeric_limits<std::uint64_t>::max()},
      {"ratio", 0.25},   {"not_a_number", std::numeric_limits<double>::quiet_NaN()},
      {"flag", true},
  };
  logger.log(LogLevel::info, "numbers", fields);
  ASSERT_EQ(captured.lines.size(), 1u);
  const std::string& line = captured.lines[0];
  EXPECT_NE(line.find(R"("negative":-42)"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("big":18446744073709551615)"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("ratio":0.25)"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("not_a_number":null)"), std::string::npos) << line;
  EXPECT_NE(line.find(R"("flag":true)"), std::string::npos) << line;
  EXPECT_NO_THROW(parse_line(line));
}

TEST(Logger, ExtraFieldCannotShadowFixedFields) {
  CapturedLines captured;
  Logger logger(LogLevel::info, captured.sink());
  logger.info("real message", {{"msg", "spoofed"}, {"level", "error"}, {"ts", "yesterday"}});
  auto object = parse_line(captured.lines.at(0));
  EXPECT_EQ(object->getValue<std::string>("msg"), "real message");
  EXPECT_EQ(object->getValue<std::string>("level"), "info");
  EXPECT_EQ(object->getValue<std::string>("field.msg"), "spoofed");
  EXPECT_EQ(object->getValue<std::string>("field.level"), "error");
  EXPECT_EQ(object->getValue<std::string>("field.ts"), "yesterday");
}

TEST(Logger, EscapesMessageAndKeys) {
  CapturedLines captured;
  Logger logger(LogLevel::info, captured.sink());
  logger.info("line1\nline2 \"quoted\" back\\slash", {{"we\"ird", "tab\there"}});
  auto object = parse_line(captured.lines.at(0));
  EXPECT_EQ(object->getValue<std::string>("msg"), "line1\nline2 \"quoted\" back\\slash");
  EXPECT_EQ(object->getValue<std::string>("we\"ird"), "tab\there");
}

TEST(Logger, BrokenSinkDoesNotThrowIntoCaller) {
  Logger logger(LogLevel::info, [](std::string_view) { throw std::runtime_error("disk full"); });
  EXPECT_NO_THROW(logger.info("still fine"));
}

TEST(Logger, ConcurrentWritersProduceWholeLines) {
  CapturedLines captured;
  Logger logger(LogLevel::info, captured.sink());
  constexpr int kThreads = 8;
  constexpr int kLinesPerThread = 300;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&logger, t] {
      for (int i = 0; i < kLinesPerThread; ++i)
        logger.info("concurrent", {{"thread", t}, {"i", i}});
    });
  }
  for (auto& thread : threads) thread.join();

  ASSERT_EQ(captured.lines.size(), static_cast<std::size_t>(kThreads * kLinesPerThread));
  std::vector<int> per_thread(kThreads, 0);
  for (const auto& line : captured.lines) {
    auto object = parse_line(line);
    ++per_thread.at(static_cast<std::size_t>(object->getValue<int>("thread")));
  }
  for (int count : per_thread) EXPECT_EQ(count, kLinesPerThread);
}

TEST(LogLevelName, ParsesEveryNameItWrites) {
  for (LogLevel level : {LogLevel::debug, LogLevel::info, LogLevel::warn, LogLevel::error}) {
    EXPECT_EQ(parse_log_level(log_level_name(level)), level);
  }
}

TEST(LogLevelName, RejectsUnknownNamesWithTheAcceptedList) {
  for (const char* bad : {"", "INFO", "warning", "trace", "info "}) {
    try {
      parse_log_level(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::config);
      EXPECT_NE(std::string(error.what()).find("debug, info, warn, error"), std::string::npos);
    }
  }
}

TEST(JsonString, EscapesControlCharactersQuotesAndBackslashes) {
  EXPECT_EQ(encode(""), R"("")");
  EXPECT_EQ(encode("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(encode("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(encode(std::string_view("\x00\x01\x1f", 3)), R"("\u0000\u0001\u001f")");
  EXPECT_EQ(encode("</script>\x7f"), "\"</script>\x7f\"");
}

TEST(JsonString, KeepsValidUtf8) {
  EXPECT_EQ(encode("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
}

TEST(JsonString, ReplacesEachInvalidByteWithReplacementCharacter) {
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(encode("a\xFF"
                   "b"),
            "\"a" + fffd + "b\"");                                     // never valid
  EXPECT_EQ(encode("\xC0\xAF"), "\"" + fffd + fffd + "\"");            // overlong '/'
  EXPECT_EQ(encode("\xE0\x80\xAF"), "\"" + fffd + fffd + fffd + "\""); // overlong 3-byte
  EXPECT_EQ(encode("\xED\xA0\x80"), "\"" + fffd + fffd + fffd + "\""); // UTF-16 surrogate
  EXPECT_EQ(encode("\xF4\x90\x80\x80"), "\"" + fffd + fffd + fffd + fffd + "\""); // > U+10FFFF
  EXPECT_EQ(encode("x\xE2\x82"), "\"x" + fffd + fffd + "\""); // truncated at end
  EXPECT_EQ(encode("\x80"
                   "ok"),
            "\"" + fffd + "ok\""); // stray continuation
}

TEST(JsonString, OutputParsesBackForArbitraryBytes) {
  std::string every_byte;
  for (int b = 0; b < 256; ++b) every_byte += static_cast<char>(b);
  const std::string line = "{\"k\":" + encode(every_byte) + "}";
  EXPECT_NO_THROW(parse_line(line)) << line;
}

} // namespace
} // namespace agenthost
