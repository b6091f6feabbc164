// The NDJSON splitter and the chat stream parser on their own (the pieces the benchmark times).
#include "chat_stream_parser.hpp"
#include "ndjson_splitter.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ollama {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> split_lines(const std::vector<std::string>& chunks) {
  NdjsonSplitter splitter;
  std::vector<std::string> lines;
  auto collect = [&](std::string_view line) { lines.emplace_back(line); };
  for (const std::string& chunk : chunks) splitter.feed(chunk, collect);
  splitter.finish(collect);
  return lines;
}

TEST(OllamaNdjsonSplitterTest, JoinsLinesAcrossChunksAndSkipsBlankLines) {
  EXPECT_THAT(split_lines({"a", "b\nc", "", "d\r", "\n\n  \n", "e"}), ElementsAre("ab", "cd", "e"));
  EXPECT_THAT(split_lines({"one\ntwo\n"}), ElementsAre("one", "two"));
  EXPECT_TRUE(split_lines({"", "\n", "\r\n"}).empty());
}

TEST(OllamaNdjsonSplitterTest, RefusesALineLongerThanItsCap) {
  NdjsonSplitter splitter(8);
  auto ignore = [](std::string_view) {};
  splitter.feed("12345678\n", ignore); // exactly the cap in one chunk: fine
  splitter.feed("1234", ignore);
  try {
    splitter.feed("56789", ignore);
    FAIL() << "an overlong line was buffered";
  } catch (const StreamError& e) {
    EXPECT_THAT(e.what(), HasSubstr("longer than 8 bytes"));
  }
}

struct RecordingSink : ChatEventSink {
  std::vector<std::string> events;
  void text(std::string_view d) override { events.push_back("text:" + std::string(d)); }
  void reasoning(std::string_view d) override { events.push_back("reasoning:" + std::string(d)); }
  void tool_call(int index, std::string_view id, std::string_view name, std::string_view args) override {
    events.push_back("call:" + std::to_string(index) + ":" + std::string(id) + ":" + std::string(name) + ":" +
                     std::string(args));
  }
  void usage(int64_t in, int64_t out) override {
    events.push_back("usage:" + std::to_string(in) + "/" + std::to_string(out));
  }
  void finish(std::string_view reason) override { events.push_back("finish:" + std::string(reason)); }
};

TEST(OllamaChatStreamParserTest, KeepsAnIdTheServerSentAndIgnoresLinesAfterDone) {
  RecordingSink sink;
  ChatStreamParser parser(sink, "p_");
  parser.feed(R"({"message":{"content":"","tool_calls":[{"id":"srv1","function":{"name":"f","arguments":{}}},)"
              R"({"function":{"name":"g"}}]},"done":false})"
              "\n"
              R"({"done":true,"eval_count":2})"
              "\n"
              R"({"message":{"content":"late"},"done":false})"
              "\n");
  parser.finish();
  EXPECT_THAT(sink.events, ElementsAre("call:0:srv1:f:{}", "call:1:p_1:g:{}", "usage:0/2", "finish:tool_calls"));
}

TEST(OllamaChatStreamParserTest, RefusesLinesThatAreNotObjectsOrHaveWrongTypes) {
  RecordingSink sink;
  ChatStreamParser array_line(sink, "p_");
  EXPECT_THROW(array_line.feed("[1,2]\n"), StreamError);
  ChatStreamParser wrong_type(sink, "p_");
  try {
    wrong_type.feed(R"({"done":"yes"})"
                    "\n");
    FAIL() << "a string 'done' was accepted";
  } catch (const StreamError& e) {
    EXPECT_THAT(e.what(), HasSubstr("wrong type"));
  }
  ChatStreamParser nameless(sink, "p_");
  EXPECT_THROW(nameless.feed(R"({"message":{"tool_calls":[{"function":{}}]}})"
                             "\n"),
               StreamError);
}

} // namespace
} // namespace ollama
