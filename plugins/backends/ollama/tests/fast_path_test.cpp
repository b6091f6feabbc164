// The chat stream parser's fast path against its full json::parse path: for generated lines
// (random text with every kind of escape, Unicode, key orders, extra fields, whitespace, damaged
// lines) both must report exactly the same events, or fail with exactly the same message.
#include "chat_stream_parser.hpp"
#include "recording_sink.hpp"

#include "agenthost/testing/json_fuzz.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ollama {
namespace {

namespace fuzz = agenthost::testing::fuzz;

struct Outcome {
  std::vector<std::string> events;
  std::string error;
  std::size_t fast_lines = 0;
};

Outcome run(const std::string& bytes, const std::vector<std::size_t>& cuts, bool fast_path) {
  Outcome out;
  RecordingSink sink;
  ChatStreamParser parser(sink, "call_", fast_path);
  try {
    std::size_t from = 0;
    for (std::size_t cut : cuts) {
      parser.feed(std::string_view(bytes).substr(from, cut - from));
      from = cut;
    }
    parser.feed(std::string_view(bytes).substr(from));
    parser.finish();
  } catch (const agenthost::CallError& e) {
    out.error = e.what();
  }
  out.events = std::move(sink.events);
  out.fast_lines = parser.fast_lines();
  return out;
}

std::string message_object(fuzz::Rng& rng) {
  std::vector<std::pair<std::string, std::string>> members = {
      {"role", fuzz::json_string("assistant", rng)}, {"content", fuzz::json_string(fuzz::random_text(rng), rng)}};
  if (fuzz::chance(rng, 5)) members.emplace_back("thinking", fuzz::json_string(fuzz::random_text(rng), rng));
  if (fuzz::chance(rng, 3)) members.emplace_back("content", "\"again\""); // a duplicate: the last wins
  if (fuzz::chance(rng, 3))
    members.emplace_back("tool_calls", R"([{"function":{"name":"f","arguments":{"x":1}}}])");
  if (fuzz::chance(rng, 3)) members.emplace_back("images", "null");
  return fuzz::object(std::move(members), rng);
}

std::string stream_line(fuzz::Rng& rng) {
  std::vector<std::pair<std::string, std::string>> members = {
      {"model", "\"llama3.1:8b\""}, {"created_at", "\"2026-11-29T10:00:00.123Z\""}, {"message", message_object(rng)},
      {"done", "false"}};
  if (fuzz::chance(rng, 20)) members.emplace_back("extra", fuzz::random_value(rng));
  if (fuzz::chance(rng, 3)) members.emplace_back("error", fuzz::chance(rng, 50) ? "null" : "\"boom\"");
  if (fuzz::chance(rng, 3)) members.emplace_back("done", "true");
  if (fuzz::chance(rng, 3)) members.emplace_back("done", "\"no\"");
  if (fuzz::chance(rng, 5)) members.erase(members.begin() + 3); // no "done" at all
  std::string line = fuzz::object(std::move(members), rng);
  if (fuzz::chance(rng, 8)) line = fuzz::corrupt(std::move(line), rng);
  return line;
}

TEST(OllamaFastPathTest, FastAndFullParsingReportTheSameForGeneratedStreams) {
  std::size_t lines = 0, fast = 0;
  for (unsigned seed = 1; seed <= 400; ++seed) {
    fuzz::Rng rng(seed);
    std::string bytes;
    const int n = 1 + fuzz::pick(rng, 8);
    for (int i = 0; i < n; ++i) bytes += stream_line(rng) + (fuzz::chance(rng, 20) ? "\r\n" : "\n");
    if (fuzz::chance(rng, 80)) bytes += R"({"message":{"content":""},"done":true,"eval_count":3})" "\n";
    std::vector<std::size_t> cuts;
    for (std::size_t at = 1 + fuzz::pick(rng, 40); at < bytes.size(); at += 1 + fuzz::pick(rng, 40)) cuts.push_back(at);

    const Outcome full = run(bytes, cuts, false);
    const Outcome quick = run(bytes, cuts, true);
    ASSERT_EQ(quick.events, full.events) << "seed " << seed << ", stream:\n" << bytes;
    ASSERT_EQ(quick.error, full.error) << "seed " << seed << ", stream:\n" << bytes;
    EXPECT_EQ(full.fast_lines, 0u);
    lines += static_cast<std::size_t>(n);
    fast += quick.fast_lines;
  }
  // The comparison means something only if most plain lines did take the fast path.
  EXPECT_GT(fast * 2, lines) << fast << " of " << lines << " lines took the fast path";
}

// A stream as Ollama sends it: every line in one layout (one key order, one spacing), only the
// strings changing — the timestamp on every line (usually keeping its width, sometimes not, now
// and then holding something other than plain ASCII), the content always — with the odd line of
// another kind or damaged. This is where the remembered layout and the fused line framing work.
std::string repeated_layout_stream(fuzz::Rng& rng, int lines) {
  const std::string layout =
      fuzz::object({{"model", "@M@"}, {"created_at", "@T@"}, {"message", fuzz::object({{"role", "\"assistant\""},
                                                                                       {"content", "@C@"}},
                                                                                      rng)},
                    {"done", "false"}},
                   rng);
  auto fill = [](std::string text, const std::string& mark, const std::string& value) {
    return text.replace(text.find(mark), mark.size(), value);
  };
  static const char* const odd_stamps[] = {"2026-11-29T10:00:00Z", "2026-11-29T10:00:00.12345Z",
                                           "2026-11-29T10:00:00.\\u00e9123456Z", "2026-11-29T10:00:00.12345\"789Z",
                                           "2026-11-29T10:00:00.1234567\\9Z", "2026-11-29T10:00:00.1234567\xC3\xA9Z",
                                           "2026-11-29T10:00:00.1234\x01" "789Z", "2026-11-29T10:00:00.1234\"789Z"};
  std::string bytes;
  for (int i = 0; i < lines; ++i) {
    std::string stamp = "2026-11-29T10:00:00." + std::to_string(100000000 + fuzz::pick(rng, 899999999)) + "Z";
    if (fuzz::chance(rng, 8)) stamp = odd_stamps[fuzz::pick(rng, 8)];
    const std::string model = fuzz::chance(rng, 5) ? "llama3.2:1b" : "llama3.1:8b";
    std::string line = fill(fill(fill(layout, "@M@", "\"" + model + "\""), "@T@", "\"" + stamp + "\""), "@C@",
                            fuzz::json_string(fuzz::random_text(rng), rng));
    if (fuzz::chance(rng, 5)) line = stream_line(rng); // another kind of line
    // Damage ends the stream (the error is the outcome), so it comes rarely and late.
    if (i > 0 && fuzz::chance(rng, 2)) line = fuzz::corrupt(std::move(line), rng);
    bytes += line + (fuzz::chance(rng, 5) ? "\r\n" : "\n");
  }
  if (fuzz::chance(rng, 90)) bytes += R"({"message":{"content":""},"done":true,"eval_count":3})" "\n";
  return bytes;
}

TEST(OllamaFastPathTest, FastAndFullParsingReportTheSameForRepeatedLayouts) {
  std::size_t lines = 0, fast = 0;
  for (unsigned seed = 1; seed <= 400; ++seed) {
    fuzz::Rng rng(seed);
    const int n = 1 + fuzz::pick(rng, 30);
    const std::string bytes = repeated_layout_stream(rng, n);
    // Pieces from a few bytes (lines cut everywhere) to several lines (lines whole in a piece).
    const int max_piece = fuzz::chance(rng, 50) ? 40 : 600;
    std::vector<std::size_t> cuts;
    for (std::size_t at = 1 + fuzz::pick(rng, max_piece); at < bytes.size(); at += 1 + fuzz::pick(rng, max_piece))
      cuts.push_back(at);

    const Outcome full = run(bytes, cuts, false);
    const Outcome quick = run(bytes, cuts, true);
    ASSERT_EQ(quick.events, full.events) << "seed " << seed << ", stream:\n" << bytes;
    ASSERT_EQ(quick.error, full.error) << "seed " << seed << ", stream:\n" << bytes;
    lines += static_cast<std::size_t>(n);
    fast += quick.fast_lines;
  }
  EXPECT_GT(fast * 2, lines) << fast << " of " << lines << " lines took the fast path";
}

TEST(OllamaFastPathTest, ATimestampOfAnotherWidthOrWithEscapesStillTakesTheFastPath) {
  RecordingSink sink;
  ChatStreamParser parser(sink, "call_");
  const auto line = [](const std::string& stamp, const std::string& content) {
    return R"({"model":"m","created_at":")" + stamp + R"(","message":{"role":"assistant","content":")" + content +
           R"("},"done":false})" "\n";
  };
  parser.feed(line("2026-11-29T10:00:00.123456789Z", "a") + line("2026-11-29T10:00:00.987654321Z", "b") +
              line("2026-11-29T10:00:00.5Z", "c") + line("2026-11-29T10:00:00.\\u0035Z", "d\\n") +
              line("2026-11-29T10:00:00.6Z", "e"));
  EXPECT_EQ(parser.fast_lines(), 5u);
  EXPECT_EQ(sink.events, (std::vector<std::string>{"text:a", "text:b", "text:c", "text:d\n", "text:e"}));
}

TEST(OllamaFastPathTest, UnescapesLikeTheFullParser) {
  RecordingSink sink;
  ChatStreamParser parser(sink, "call_");
  parser.feed(R"({"message":{"role":"assistant","content":"a\"b\\c\/d\n\u00e9\uD83D\uDE00\u4E2D"},"done":false})" "\n");
  EXPECT_EQ(parser.fast_lines(), 1u);
  ASSERT_EQ(sink.events.size(), 1u);
  EXPECT_EQ(sink.events[0], "text:a\"b\\c/d\n\xC3\xA9\xF0\x9F\x98\x80\xE4\xB8\xAD");
}

} // namespace
} // namespace ollama
