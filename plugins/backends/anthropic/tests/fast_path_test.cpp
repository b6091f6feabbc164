// The stream decoder's fast path for text deltas against its full json::parse path: for
// generated Messages API streams (random text with every kind of escape, Unicode, key orders,
// extra fields, whitespace, damaged events, other delta kinds, blocks never started) both must
// emit exactly the same events, or fail with exactly the same message.
#include "stream_decoder.hpp"

#include "agenthost/testing/json_fuzz.hpp"
#include "agenthost/testing/recording_call.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace anthropic {
namespace {

namespace fuzz = agenthost::testing::fuzz;
using agenthost::testing::RecordingCall;
using Event = std::pair<std::string, std::string>; // type, data

struct Outcome {
  std::vector<std::string> events;
  std::string error;
  std::size_t fast = 0;
};

Outcome run(const std::vector<Event>& stream, bool fast_path) {
  Outcome out;
  RecordingCall rec;
  StreamDecoder decoder(rec.call(), "sk-ant-key", fast_path);
  try {
    for (const auto& [type, data] : stream) decoder.handle({type, data});
  } catch (const agenthost::CallError& e) {
    out.error = e.what();
  }
  out.events = rec.lines();
  out.fast = decoder.fast_events();
  return out;
}

// One content_block_delta; `layout` seeds everything but the text.
Event delta(unsigned layout, fuzz::Rng& text_rng) {
  const std::string text = fuzz::json_string(fuzz::random_text(text_rng), text_rng);
  fuzz::Rng rng(layout);
  std::vector<std::pair<std::string, std::string>> d = {{"type", fuzz::chance(rng, 92) ? "\"text_delta\"" : "\"thinking_delta\""},
                                                        {"text", text}};
  if (fuzz::chance(rng, 4)) d.emplace_back("citations", "[]");
  if (fuzz::chance(rng, 3)) d.emplace_back("text", "\"dup\"");
  std::vector<std::pair<std::string, std::string>> top = {
      {"type", fuzz::chance(rng, 95) ? "\"content_block_delta\"" : "\"ping\""},
      {"index", fuzz::chance(rng, 90) ? "0" : (fuzz::chance(rng, 50) ? "7" : "0.0")},
      {"delta", fuzz::object(std::move(d), rng)}};
  if (fuzz::chance(rng, 10)) top.emplace_back("extra", fuzz::random_value(rng));
  std::string data = fuzz::object(std::move(top), rng);
  if (fuzz::chance(text_rng, 4)) data = fuzz::corrupt(std::move(data), text_rng);
  return {fuzz::chance(rng, 95) ? "content_block_delta" : "message", data};
}

TEST(AnthropicFastPathTest, FastAndFullDecodingEmitTheSameForGeneratedStreams) {
  std::size_t deltas = 0, fast = 0;
  for (unsigned seed = 1; seed <= 400; ++seed) {
    fuzz::Rng rng(seed);
    std::vector<Event> stream = {
        {"message_start", R"({"type":"message_start","message":{"id":"m","usage":{"input_tokens":3,"output_tokens":1}}})"}};
    if (fuzz::chance(rng, 90))
      stream.push_back({"content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"});
    const unsigned layout = seed * 104729u;
    const int n = 1 + fuzz::pick(rng, 8);
    for (int i = 0; i < n; ++i) stream.push_back(delta(fuzz::chance(rng, 75) ? layout : layout + 1 + static_cast<unsigned>(i), rng));
    stream.push_back({"content_block_stop", R"({"type":"content_block_stop","index":0})"});
    stream.push_back({"message_delta", R"({"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}})"});
    stream.push_back({"message_stop", R"({"type":"message_stop"})"});

    const Outcome full = run(stream, false);
    const Outcome quick = run(stream, true);
    std::string shown;
    for (const auto& [type, data] : stream) shown += type + " " + data + "\n";
    ASSERT_EQ(quick.events, full.events) << "seed " << seed << ", events:\n" << shown;
    ASSERT_EQ(quick.error, full.error) << "seed " << seed << ", events:\n" << shown;
    EXPECT_EQ(full.fast, 0u);
    deltas += static_cast<std::size_t>(n);
    fast += quick.fast;
  }
  // The comparison means something only if most deltas did take the fast path.
  EXPECT_GT(fast * 2, deltas) << fast << " of " << deltas << " deltas took the fast path";
}

TEST(AnthropicFastPathTest, ADeltaForABlockThatIsNotTextGoesTheFullWay) {
  RecordingCall rec;
  StreamDecoder decoder(rec.call(), "k");
  decoder.handle({"message_start", R"({"type":"message_start","message":{"usage":{"input_tokens":1}}})"});
  decoder.handle({"content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"});
  const std::string d = R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi \u00e9"}})";
  decoder.handle({"content_block_delta", d});
  decoder.handle({"content_block_delta", d});
  EXPECT_EQ(decoder.fast_events(), 2u);
  // A later block 0 of another kind (not a real stream, but the layout alone must not decide).
  decoder.handle({"content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}})"});
  decoder.handle({"content_block_delta", d});
  EXPECT_EQ(decoder.fast_events(), 2u);
  ASSERT_EQ(rec.events().size(), 3u);
  EXPECT_EQ(rec.events()[0].text, "hi \xC3\xA9");
}

} // namespace
} // namespace anthropic
