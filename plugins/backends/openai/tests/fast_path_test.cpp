// The stream decoder's fast path against its full json::parse path: for generated chunk
// payloads (random text with every kind of escape, Unicode, key orders, extra fields,
// whitespace, damaged payloads, several chunks sharing one layout) both must emit exactly the
// same events, or fail with exactly the same message.
#include "stream_decoder.hpp"

#include "agenthost/testing/json_fuzz.hpp"
#include "agenthost/testing/recording_call.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace openai_backend {
namespace {

namespace fuzz = agenthost::testing::fuzz;
using agenthost::testing::RecordingCall;

struct Outcome {
  std::vector<std::string> events;
  std::string error;
  std::size_t fast = 0;
};

Outcome run(const std::vector<std::string>& payloads, bool fast_path) {
  Outcome out;
  RecordingCall rec;
  StreamDecoder decoder(rec.call(), fast_path);
  try {
    for (const std::string& payload : payloads) decoder.on_data(payload);
    decoder.on_end();
  } catch (const agenthost::CallError& e) {
    out.error = e.what();
  }
  out.events = rec.lines();
  out.fast = decoder.fast_payloads();
  return out;
}

// One chunk; `layout` seeds everything but the text, so chunks made with the same layout seed
// differ only in their content string, as a real stream's do.
std::string chunk(unsigned layout, fuzz::Rng& text_rng) {
  const std::string content = fuzz::json_string(fuzz::random_text(text_rng), text_rng);
  fuzz::Rng rng(layout);
  std::vector<std::pair<std::string, std::string>> delta = {{"content", content}};
  if (fuzz::chance(rng, 20)) delta.emplace_back("role", "\"assistant\"");
  if (fuzz::chance(rng, 4)) delta.emplace_back("reasoning_content", "\"hmm\"");
  if (fuzz::chance(rng, 4)) delta.emplace_back("content", "null");
  if (fuzz::chance(rng, 4)) delta.emplace_back("tool_calls", R"([{"index":0,"id":"c","function":{"name":"f","arguments":"{}"}}])");
  std::vector<std::pair<std::string, std::string>> choice = {
      {"index", fuzz::chance(rng, 90) ? "0" : (fuzz::chance(rng, 50) ? "1" : "null")},
      {"delta", fuzz::object(std::move(delta), rng)},
      {"logprobs", "null"},
      {"finish_reason", fuzz::chance(rng, 92) ? "null" : "\"stop\""}};
  if (fuzz::chance(rng, 10)) choice.emplace_back("extra", fuzz::random_value(rng));
  std::string choices = "[" + fuzz::object(std::move(choice), rng);
  if (fuzz::chance(rng, 4)) choices += R"(,{"index":1,"delta":{"content":"other"}})";
  choices += "]";
  std::vector<std::pair<std::string, std::string>> top = {
      {"id", "\"chatcmpl-1\""}, {"object", "\"chat.completion.chunk\""}, {"created", "1764410400"},
      {"model", fuzz::json_string("gpt-4o-mini", rng)}, {"choices", choices}};
  if (fuzz::chance(rng, 70)) top.emplace_back("usage", fuzz::chance(rng, 90) ? "null" : R"({"prompt_tokens":3,"completion_tokens":4})");
  if (fuzz::chance(rng, 3)) top.emplace_back("error", R"({"message":"overloaded"})");
  if (fuzz::chance(rng, 15)) top.emplace_back("system_fingerprint", fuzz::random_value(rng));
  std::string payload = fuzz::object(std::move(top), rng);
  if (fuzz::chance(text_rng, 4)) payload = fuzz::corrupt(std::move(payload), text_rng);
  return payload;
}

TEST(OpenAiFastPathTest, FastAndFullDecodingEmitTheSameForGeneratedStreams) {
  std::size_t payloads = 0, fast = 0;
  for (unsigned seed = 1; seed <= 400; ++seed) {
    fuzz::Rng rng(seed);
    std::vector<std::string> stream;
    const unsigned layout = seed * 7919u;
    for (int i = 0, n = 1 + fuzz::pick(rng, 8); i < n; ++i)
      stream.push_back(chunk(fuzz::chance(rng, 75) ? layout : layout + 1 + static_cast<unsigned>(i), rng));
    if (fuzz::chance(rng, 70)) stream.push_back(R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})");
    if (fuzz::chance(rng, 80)) stream.push_back("[DONE]");

    const Outcome full = run(stream, false);
    const Outcome quick = run(stream, true);
    std::string shown;
    for (const std::string& p : stream) shown += p + "\n";
    ASSERT_EQ(quick.events, full.events) << "seed " << seed << ", payloads:\n" << shown;
    ASSERT_EQ(quick.error, full.error) << "seed " << seed << ", payloads:\n" << shown;
    EXPECT_EQ(full.fast, 0u);
    payloads += stream.size();
    fast += quick.fast;
  }
  // The comparison means something only if many payloads did take the fast path.
  EXPECT_GT(fast * 3, payloads) << fast << " of " << payloads << " payloads took the fast path";
}

TEST(OpenAiFastPathTest, LaterChunksOfOneLayoutOnlyHaveTheirTextRead) {
  RecordingCall rec;
  StreamDecoder decoder(rec.call());
  const std::string head = R"({"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":)";
  const std::string tail = R"(},"logprobs":null,"finish_reason":null}],"usage":null})";
  decoder.on_data(head + R"("Hel")" + tail);
  decoder.on_data(head + R"("lo \"q\" \u00e9\uD83D\uDE00")" + tail);
  decoder.on_data(head + R"("")" + tail);
  // The same layout but a value that matters changed: the full path must see it.
  decoder.on_data(R"({"id":"chatcmpl-9","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"!"},"logprobs":null,"finish_reason":"stop"}],"usage":null})");
  EXPECT_EQ(decoder.fast_payloads(), 3u);
  ASSERT_EQ(rec.events().size(), 3u);
  EXPECT_EQ(rec.events()[0].text, "Hel");
  EXPECT_EQ(rec.events()[1].text, "lo \"q\" \xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(rec.events()[2].text, "!");
}

} // namespace
} // namespace openai_backend
