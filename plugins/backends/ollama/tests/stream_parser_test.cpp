// The NDJSON splitter and the chat stream parser on their own (the pieces the benchmark times).
#include "chat_stream_parser.hpp"
#include "recording_sink.hpp"
#include "agenthost/stream_lines.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ollama {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

using agenthost::CallError;

// NDJSON lines as the parsers see them: blank ones skipped.
std::vector<std::string> split_lines(const std::vector<std::string>& chunks) {
  agenthost::LineSplitter splitter(agenthost::LineEndings::lf);
  std::vector<std::string> lines;
  auto collect = [&](std::string_view line) {
    if (!agenthost::LineSplitter::is_blank(line)) lines.emplace_back(line);
  };
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
  agenthost::LineSplitter splitter(agenthost::LineEndings::lf, 8);
  auto ignore = [](std::string_view) {};
  splitter.feed("12345678\n", ignore); // exactly the cap in one chunk: fine
  splitter.feed("1234", ignore);
  try {
    splitter.feed("56789", ignore);
    FAIL() << "an overlong line was buffered";
  } catch (const CallError& e) {
    EXPECT_THAT(e.what(), HasSubstr("longer than 8 bytes"));
  }
}

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
  EXPECT_THROW(array_line.feed("[1,2]\n"), CallError);
  ChatStreamParser wrong_type(sink, "p_");
  try {
    wrong_type.feed(R"({"done":"yes"})"
                    "\n");
    FAIL() << "a string 'done' was accepted";
  } catch (const CallError& e) {
    EXPECT_THAT(e.what(), HasSubstr("wrong type"));
  }
  ChatStreamParser nameless(sink, "p_");
  EXPECT_THROW(nameless.feed(R"({"message":{"tool_calls":[{"function":{}}]}})"
                             "\n"),
               CallError);
}

} // namespace
} // namespace ollama
