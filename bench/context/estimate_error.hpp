// bench_context part (b): the host's char_ratio token estimate against exact cl100k_base counts
// (npm js-tiktoken, run through node) on prose, source code, JSON and CJK samples.
#pragma once

#include <string>

namespace context_bench {

// Returns the Markdown table (one row per sample, then the worst cases and the safety margin
// that covers them), or a line saying why it could not run (no node, no js-tiktoken).
std::string estimate_error_table();

} // namespace context_bench
