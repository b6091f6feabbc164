// The SSE parser alone: events come out whole however the bytes are cut, with the spec's rules
// for line endings, comments, multi-line data and events without data.
#include "sse_parser.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace anthropic {
namespace {

std::vector<SseEvent> parse_in_pieces(std::string_view text, std::size_t piece) {
  std::vector<SseEvent> events;
  SseParser parser([&](const SseEvent& e) { events.push_back(e); });
  for (std::size_t at = 0; at < text.size(); at += piece) parser.feed(text.substr(at, piece));
  return events;
}

std::vector<SseEvent> parse_split_at(std::string_view text, std::size_t cut) {
  std::vector<SseEvent> events;
  SseParser parser([&](const SseEvent& e) { events.push_back(e); });
  parser.feed(text.substr(0, cut));
  parser.feed(text.substr(cut));
  return events;
}

TEST(AnthropicSseParser, ReadsEventTypeAndDataAndDispatchesOnBlankLine) {
  const auto events = parse_in_pieces("event: ping\ndata: {\"type\": \"ping\"}\n\n", 1000);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "ping");
  EXPECT_EQ(events[0].data, "{\"type\": \"ping\"}");
}

TEST(AnthropicSseParser, GivesTheSameEventsForEverySplitPointAndEveryLineEnding) {
  for (const std::string eol : {"\n", "\r\n", "\r"}) {
    const std::string text = "event: a" + eol + "data: one" + eol + eol + ": comment" + eol + "data:two" + eol +
                             "data:  three" + eol + eol;
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
      const auto events = parse_split_at(text, cut);
      ASSERT_EQ(events.size(), 2u) << "cut at " << cut;
      EXPECT_EQ(events[0].type, "a");
      EXPECT_EQ(events[0].data, "one");
      EXPECT_EQ(events[1].type, "message") << "the type does not carry over to the next event";
      EXPECT_EQ(events[1].data, "two\n three") << "one leading space is stripped, not more";
    }
    EXPECT_EQ(parse_in_pieces(text, 1).size(), 2u);
  }
}

TEST(AnthropicSseParser, DropsEventsWithoutDataAndIgnoresUnknownFields) {
  const auto events = parse_in_pieces("event: lonely\n\nid: 7\nretry: 10\nfoo: bar\ndata: x\n\n", 3);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "message");
  EXPECT_EQ(events[0].data, "x");
}

TEST(AnthropicSseParser, ReportsAnEventCutOffBeforeItsBlankLine) {
  std::vector<SseEvent> events;
  SseParser parser([&](const SseEvent& e) { events.push_back(e); });
  parser.feed("event: message_stop\ndata: {}\n");
  EXPECT_TRUE(events.empty());
  EXPECT_TRUE(parser.has_partial_event());
  parser.feed("\n");
  EXPECT_EQ(events.size(), 1u);
  EXPECT_FALSE(parser.has_partial_event());
}

TEST(AnthropicSseParser, RefusesALineLongerThanTheLimit) {
  SseParser parser([](const SseEvent&) {}, 16);
  parser.feed("data: 0123456789");
  EXPECT_THROW(parser.feed("abcdefghij"), std::length_error);
}

} // namespace
} // namespace anthropic
