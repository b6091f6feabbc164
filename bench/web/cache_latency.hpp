// Cache-hit against cache-miss latency of one tool through the host: each miss call names a
// URL (or query) never asked before, each hit call repeats one that is cached; the two kinds
// alternate call by call (and which goes first alternates too), so both see the same machine.
#pragma once

#include "web/bench_host.hpp"
#include "web/local_site.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace web_bench {

struct LatencyCase {
  std::string name;      // "web_fetch, 50 KB HTML page"
  std::string tool;      // the [tool.NAME] instance
  std::function<std::string(long n)> miss_arguments; // arguments no earlier call used
  std::string hit_arguments;                          // the same every time
  // What must agree between a miss's and a hit's result (the tool's answer without the parts
  // that name the URL or query), so a hit that returned something else stops the benchmark.
  std::function<std::string(const std::string& result_json)> answer;
  // Untimed misses before the timed calls (to fill a small cache, so every timed miss evicts).
  // The hit's entry is used between any two misses, so least-recently-used eviction never picks
  // it: a hit that reaches the site stops the benchmark, full cache or not.
  int warm_misses = 0;
};

struct LatencyResult {
  std::string name;
  std::string cache; // where the host cache lived
  std::vector<double> miss_us, hit_us;
  std::uint64_t evictions = 0; // counted by the host during the timed calls
};

// Runs `calls` misses and `calls` hits (after untimed misses and one untimed priming call).
// Stops the benchmark when a hit reached the site, a miss did not, their answers differ, or the
// host's cache counters disagree with the calls made.
LatencyResult measure_cache_latency(const BenchHost& host, const LocalSite& site, const LatencyCase& what, int calls);

} // namespace web_bench
