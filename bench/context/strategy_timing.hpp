// bench_context part (a): what each strategy plugin costs per message for 10, 1k and 100k
// messages.
#pragma once

#include "harness.hpp"

#include <string>

namespace context_bench {

// Times sliding_window and token_budget through the host's own plugin path (PluginCatalog,
// plugins::Instance, HostServices) and summarization through the SDK's FakeHost (whose
// complete_with_backend is an instant fake summarizer), each against json::parse + json::dump of
// the same request: the least any strategy behind the JSON boundary pays. Prints a per-message
// table (µs/message and the 100k/10 ratio), returned as Markdown to print after the harness's.
std::string time_strategies(bench::Session& session);

} // namespace context_bench
