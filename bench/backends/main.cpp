// bench_backends: stream-parsing throughput of each backend plugin's parser (the plugin's own
// source files, compiled in) over a recorded provider stream, against a plain line splitter
// (memchr for '\n', a view per line) over the same bytes in the same run. Both sides get the
// bytes in the same 4 KiB pieces, as they arrive from a socket. Goal (issue 5): each parser
// reaches at least 0.3 of the splitter's MB/s.
//
// A parser whose plugin sources were not in the tree when this was configured is left out
// (BENCH_HAS_OLLAMA / _OPENAI / _ANTHROPIC); the table says which ran.
#include "harness.hpp"
#include "recorded_streams.hpp"

#include "agenthost/plugin.h"
#include "agenthost/sdk_types.hpp"
#include "agenthost/stream_lines.hpp"

#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#if BENCH_HAS_OLLAMA
#include "../../plugins/backends/ollama/chat_stream_parser.hpp"
#endif
#if BENCH_HAS_OPENAI
#include "openai_parsers.hpp"
#endif
#if BENCH_HAS_ANTHROPIC
#include "anthropic_parsers.hpp"
#endif

namespace {

using bench_backends::RecordedStream;

constexpr std::size_t kChunk = 4096;
constexpr int kDeltas = 4000; // a long answer: ~4,000 tokens

struct Counts {
  long text = 0;
  long tool_calls = 0;
  long finishes = 0;
  bool operator==(const Counts& other) const {
    return text == other.text && tool_calls == other.tool_calls && finishes == other.finishes;
  }
};

// The reference: splits the pieces into lines, as any NDJSON/SSE reader must at least do.
long split_lines(const std::string& bytes) {
  long lines = 0;
  std::size_t line_bytes = 0;
  std::string tail;
  for (std::size_t offset = 0; offset < bytes.size(); offset += kChunk) {
    const std::string_view chunk(bytes.data() + offset, std::min(kChunk, bytes.size() - offset));
    std::size_t start = 0;
    while (start < chunk.size()) {
      const void* found = std::memchr(chunk.data() + start, '\n', chunk.size() - start);
      if (!found) {
        tail.append(chunk.substr(start));
        break;
      }
      const std::size_t end = static_cast<std::size_t>(static_cast<const char*>(found) - chunk.data());
      std::string_view line = chunk.substr(start, end - start);
      if (!tail.empty()) {
        tail.append(line);
        line = tail;
      }
      line_bytes += line.size();
      bench::keep(line);
      ++lines;
      tail.clear();
      start = end + 1;
    }
  }
  bench::keep(line_bytes);
  return lines;
}

// An SDK Call whose host only counts events, for the decoders written against agenthost::Call.
ah_status count_event(ah_call* call, const ah_event* event) {
  auto* counts = reinterpret_cast<Counts*>(call);
  if (event->type == AH_EVENT_TEXT_DELTA) ++counts->text;
  if (event->type == AH_EVENT_TOOL_CALL) ++counts->tool_calls;
  if (event->type == AH_EVENT_FINISH) ++counts->finishes;
  return AH_OK;
}

const ah_host_api* counting_host() {
  static const ah_host_api host = [] {
    ah_host_api api{};
    api.struct_size = sizeof api;
    api.emit = &count_event;
    return api;
  }();
  return &host;
}

template <class Feed> void feed_in_chunks(const std::string& bytes, Feed&& feed) {
  for (std::size_t offset = 0; offset < bytes.size(); offset += kChunk)
    feed(std::string_view(bytes.data() + offset, std::min(kChunk, bytes.size() - offset)));
}

#if BENCH_HAS_OLLAMA
class CountingChatSink : public ollama::ChatEventSink {
public:
  explicit CountingChatSink(Counts& counts) : counts_(counts) {}
  void text(std::string_view) override { ++counts_.text; }
  void reasoning(std::string_view) override {}
  void tool_call(int, std::string_view, std::string_view, std::string_view) override { ++counts_.tool_calls; }
  void usage(int64_t, int64_t) override {}
  void finish(std::string_view) override { ++counts_.finishes; }

private:
  Counts& counts_;
};

Counts parse_ollama(const std::string& bytes) {
  Counts counts;
  CountingChatSink sink(counts);
  ollama::ChatStreamParser parser(sink, "call_");
  feed_in_chunks(bytes, [&](std::string_view chunk) { parser.feed(chunk); });
  parser.finish();
  return counts;
}
#endif

#if BENCH_HAS_OPENAI
Counts parse_openai(const std::string& bytes) {
  Counts counts;
  agenthost::Call call(counting_host(), reinterpret_cast<ah_call*>(&counts));
  openai_backend::StreamDecoder decoder(call);
  agenthost::SseReader reader;
  auto on_event = [&](const agenthost::SseEvent& event) {
    if (event.type == "message") decoder.on_data(event.data);
  };
  feed_in_chunks(bytes, [&](std::string_view chunk) { reader.feed(chunk, on_event); });
  reader.finish(on_event);
  decoder.on_end();
  return counts;
}
#endif

#if BENCH_HAS_ANTHROPIC
Counts parse_anthropic(const std::string& bytes) {
  Counts counts;
  agenthost::Call call(counting_host(), reinterpret_cast<ah_call*>(&counts));
  anthropic::StreamDecoder decoder(call, "sk-ant-bench-key");
  agenthost::SseReader reader;
  auto on_event = [&](const agenthost::SseEvent& event) { decoder.handle(event); };
  feed_in_chunks(bytes, [&](std::string_view chunk) { reader.feed(chunk, on_event); });
  if (!decoder.finished()) throw std::runtime_error("anthropic: the recorded stream did not finish");
  return counts;
}
#endif

struct Verdict {
  std::string name;
  double fraction; // parser MB/s / splitter MB/s
};

// Checks the parser reports what the recording holds, then times it against the splitter.
template <class Parse>
void measure(bench::Session& session, std::vector<Verdict>& verdicts, const std::string& name,
             const RecordedStream& stream, Parse parse) {
  if (!session.selects(name)) return;
  const Counts got = parse(stream.bytes);
  const Counts expected{stream.text_deltas, stream.tool_calls, 1};
  if (!(got == expected)) {
    std::cerr << name << ": the parser reported " << got.text << " text deltas, " << got.tool_calls
              << " tool calls, " << got.finishes << " finishes; the recording holds " << expected.text << ", "
              << expected.tool_calls << ", 1. Fix the parser (or the recording) before timing it.\n";
    std::exit(1);
  }
  const auto measured =
      session.compare({name, "plugin parser", "line splitter", static_cast<double>(stream.bytes.size())},
                      [&] { return parse(stream.bytes).text; }, [&] { return split_lines(stream.bytes); });
  if (measured) verdicts.push_back({name, 1.0 / measured->ratio});
}

} // namespace

int main(int argc, char** argv) {
  bench::Session session(argc, argv, "Backend stream parsers vs a plain line splitter (same bytes, 4 KiB pieces)");
  std::vector<Verdict> verdicts;
  std::vector<std::string> missing;
#if BENCH_HAS_OLLAMA
  measure(session, verdicts, "ollama /api/chat NDJSON", bench_backends::ollama_chat_stream(kDeltas), parse_ollama);
#else
  missing.push_back("ollama");
#endif
#if BENCH_HAS_OPENAI
  measure(session, verdicts, "openai chat.completion.chunk SSE", bench_backends::openai_chat_stream(kDeltas),
          parse_openai);
#else
  missing.push_back("openai");
#endif
#if BENCH_HAS_ANTHROPIC
  measure(session, verdicts, "anthropic messages SSE", bench_backends::anthropic_messages_stream(kDeltas),
          parse_anthropic);
#else
  missing.push_back("anthropic");
#endif
  const int status = session.finish();
  std::cout << "\nparser throughput as a fraction of the line splitter's (goal >= 0.3):\n";
  for (const Verdict& verdict : verdicts) {
    std::cout << "  " << verdict.name << ": " << bench::detail::format_fixed(verdict.fraction, 2)
              << (verdict.fraction >= 0.3 ? "  (meets the goal)" : "  (BELOW the goal)") << "\n";
  }
  for (const std::string& name : missing)
    std::cout << "  " << name << ": not measured (its parser sources were missing when this was configured)\n";
  return status;
}
