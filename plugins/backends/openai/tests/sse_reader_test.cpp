// The SDK's SSE reader (agenthost/stream_lines.hpp), as the openai and anthropic plugins use it:
// every line ending, comments, multi-line data, and the same stream cut at every possible byte
// must give the same events.
#include "agenthost/stream_lines.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace openai_backend {
namespace {

using agenthost::SseReader;

struct OwnedEvent {
  std::string type, data;
};

struct Recorded {
  std::vector<OwnedEvent> events;
  std::vector<std::string> comments;
};

Recorded parse_in_pieces(const std::string& stream, const std::vector<std::size_t>& cuts, bool finish = true) {
  Recorded r;
  SseReader reader;
  auto on_event = [&](const agenthost::SseEvent& e) { r.events.push_back({std::string(e.type), std::string(e.data)}); };
  auto on_comment = [&](std::string_view c) { r.comments.emplace_back(c); };
  std::size_t from = 0;
  for (std::size_t cut : cuts) {
    reader.feed(std::string_view(stream).substr(from, cut - from), on_event, on_comment);
    from = cut;
  }
  reader.feed(std::string_view(stream).substr(from), on_event, on_comment);
  if (finish) reader.finish(on_event);
  return r;
}

Recorded parse_whole(const std::string& stream) { return parse_in_pieces(stream, {}); }

std::vector<std::string> data_of(const Recorded& r) {
  std::vector<std::string> out;
  for (const OwnedEvent& e : r.events) out.push_back(e.data);
  return out;
}

const std::string kMixedStream = ": keep-alive\r\n"
                                 "data: {\"a\":1}\r\n\r\n"
                                 "data:no-space\n\n"
                                 "event: error\rdata: line one\rdata: line two\r\r"
                                 "id: 7\nretry: 100\nunknown\n\n"  // no data: nothing dispatched
                                 "data: [DONE]\n\n";

TEST(SdkSseReader, ReadsDataLinesWithEveryLineEndingAndIgnoresOtherFields) {
  const Recorded r = parse_whole(kMixedStream);
  EXPECT_EQ(data_of(r), (std::vector<std::string>{"{\"a\":1}", "no-space", "line one\nline two", "[DONE]"}));
  ASSERT_EQ(r.events.size(), 4u);
  EXPECT_EQ(r.events[0].type, "message"); // the default type
  EXPECT_EQ(r.events[2].type, "error");
  EXPECT_EQ(r.events[3].type, "message"); // the event type does not leak into the next event
  EXPECT_EQ(r.comments, (std::vector<std::string>{" keep-alive"}));
}

TEST(SdkSseReader, GivesTheSameEventsWhereverTheStreamIsCut) {
  const Recorded whole = parse_whole(kMixedStream);
  for (std::size_t a = 0; a <= kMixedStream.size(); ++a) {
    for (std::size_t b = a; b <= kMixedStream.size(); b += 3) {
      const Recorded cut = parse_in_pieces(kMixedStream, {a, b});
      ASSERT_EQ(data_of(cut), data_of(whole)) << "cut at " << a << " and " << b;
      ASSERT_EQ(cut.comments, whole.comments) << "cut at " << a << " and " << b;
    }
  }
}

TEST(SdkSseReader, OneByteAtATimeKeepsCrLfPairsTogether) {
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < kMixedStream.size(); ++i) cuts.push_back(i);
  EXPECT_EQ(data_of(parse_in_pieces(kMixedStream, cuts)), data_of(parse_whole(kMixedStream)));
  // A CR ending one chunk and the LF starting the next are one line end, not an empty line:
  // an empty line here would dispatch "a" alone.
  const Recorded r = parse_in_pieces("data: a\r\ndata: b\r\n\r\n", {8});
  EXPECT_EQ(data_of(r), (std::vector<std::string>{"a\nb"}));
}

TEST(SdkSseReader, SkipsAByteOrderMarkEvenWhenItIsSplit) {
  const std::string stream = "\xEF\xBB\xBF" "data: x\n\n";
  EXPECT_EQ(data_of(parse_in_pieces(stream, {1, 2})), (std::vector<std::string>{"x"}));
  EXPECT_EQ(data_of(parse_whole(stream)), (std::vector<std::string>{"x"}));
}

TEST(SdkSseReader, DispatchesNothingUntilABlankLineButFinishFlushesTheLastEvent) {
  const std::string stream = "data: first\n\ndata: [DONE]";
  EXPECT_EQ(data_of(parse_in_pieces(stream, {}, /*finish=*/false)), (std::vector<std::string>{"first"}));
  EXPECT_EQ(data_of(parse_whole(stream)), (std::vector<std::string>{"first", "[DONE]"}));
}

TEST(SdkSseReader, EmptyDataLineStillDispatchesAnEvent) {
  EXPECT_EQ(data_of(parse_whole("data:\n\n")), (std::vector<std::string>{""}));
}

TEST(SdkSseReader, RefusesALineLongerThanTheCap) {
  SseReader reader(16);
  auto ignore = [](const agenthost::SseEvent&) {};
  reader.feed("data: 0123456", ignore);
  EXPECT_THROW(reader.feed("789abcdef", ignore), agenthost::CallError);
}

TEST(SdkSseReader, ReportsAnEventCutShortAsPartial) {
  SseReader reader;
  auto ignore = [](const agenthost::SseEvent&) {};
  reader.feed("data: {\"a\":1}\n\n", ignore);
  EXPECT_FALSE(reader.has_partial_event());
  reader.feed("event: x\ndata: {\"a\"", ignore);
  EXPECT_TRUE(reader.has_partial_event());
}

TEST(SdkSseReader, DataViewsStayValidAcrossChunksOfTheSameEvent) {
  // The data line arrives whole in one chunk and the blank line in the next: the reader must
  // have copied the data before the first chunk's bytes went away.
  Recorded r;
  SseReader reader;
  auto on_event = [&](const agenthost::SseEvent& e) { r.events.push_back({std::string(e.type), std::string(e.data)}); };
  {
    std::string first = "data: hello\n";
    reader.feed(first, on_event);
    first.assign(first.size(), 'X');
  }
  reader.feed("\n", on_event);
  EXPECT_EQ(data_of(r), (std::vector<std::string>{"hello"}));
}

} // namespace
} // namespace openai_backend
