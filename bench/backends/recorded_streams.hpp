// Recorded provider streams for the parser benchmark: one long chat response per wire format
// (text deltas, then two tool calls, then usage and the end), byte for byte as the providers
// send them (see plugins/backends/*/README.md and the fakes in tests/fakes/). Generated rather
// than checked in so the size can change; the same builder always yields the same bytes.
#pragma once

#include <string>

namespace bench_backends {

struct RecordedStream {
  std::string bytes;
  int text_deltas = 0; // what a correct parser must report
  int tool_calls = 0;
};

// `deltas` text pieces of a few words each, two tool calls, usage, the end.
RecordedStream ollama_chat_stream(int deltas);
RecordedStream openai_chat_stream(int deltas);
RecordedStream anthropic_messages_stream(int deltas);

} // namespace bench_backends
