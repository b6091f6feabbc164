// bench_context (issue 6): (a) the strategy plugins' time per message at 10, 1k and 100k
// messages, against parsing and dumping the same request JSON; (b) the host's char_ratio token
// estimate against exact cl100k_base counts (js-tiktoken via node) on prose, code, JSON and CJK.
//   ./dev bench context        build/bench/bench_context --rounds 5 --filter 1000
#include "estimate_error.hpp"
#include "harness.hpp"
#include "strategy_timing.hpp"

#include <iostream>

int main(int argc, char** argv) {
  bench::Session session(argc, argv, "Context strategies: plugin apply() vs JSON parse + dump of the request");
  const std::string per_message = context_bench::time_strategies(session);
  const int status = session.finish();
  std::cout << per_message << context_bench::estimate_error_table() << std::flush;
  return status;
}
