#include "web/cache_latency.hpp"

#include "harness.hpp"

#include <chrono>

namespace web_bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Timed {
  double micros;
  std::string result;
};

Timed timed_call(const BenchHost& host, const std::string& tool, const std::string& arguments) {
  const Clock::time_point start = Clock::now();
  std::string result = host.invoke(tool, arguments);
  return {std::chrono::duration<double, std::micro>(Clock::now() - start).count(), std::move(result)};
}

} // namespace

LatencyResult measure_cache_latency(const BenchHost& host, const LocalSite& site, const LatencyCase& what, int calls) {
  // Untimed: a first miss (connection set-up, lazy initialisation in the plugin) and the call
  // that puts the hit's answer into the cache.
  long next_miss = 0;
  const std::string first = host.invoke(what.tool, what.miss_arguments(next_miss++));
  for (int i = 0; i < what.warm_misses; ++i) host.invoke(what.tool, what.miss_arguments(next_miss++));
  const long before_priming = site.requests();
  const std::string primed = host.invoke(what.tool, what.hit_arguments);
  if (site.requests() == before_priming) bench::mismatch(what.name + ": the priming call reached no server");
  if (what.answer(primed) != what.answer(first))
    bench::mismatch(what.name + ": two misses for the same page gave different answers");

  LatencyResult result;
  result.name = what.name;
  result.cache = host.cache_description();
  const std::string section = "tool." + what.tool;
  const agenthost::plugins::CacheCount counted_before = host.counted(section);
  const long before = site.requests();
  for (int i = 0; i < calls; ++i) {
    const auto miss = [&] {
      Timed call = timed_call(host, what.tool, what.miss_arguments(next_miss++));
      result.miss_us.push_back(call.micros);
      if (what.answer(call.result) != what.answer(primed))
        bench::mismatch(what.name + ": a miss answered differently from the cached answer");
    };
    const auto hit = [&] {
      Timed call = timed_call(host, what.tool, what.hit_arguments);
      result.hit_us.push_back(call.micros);
      if (call.result != primed) bench::mismatch(what.name + ": a hit returned something other than the cached result");
    };
    if (i % 2 == 0) {
      miss();
      hit();
    } else {
      hit();
      miss();
    }
  }
  const auto served = static_cast<std::uint64_t>(site.requests() - before);
  const agenthost::plugins::CacheCount counted = host.counted(section);
  const std::uint64_t hits = counted.hits - counted_before.hits, misses = counted.misses - counted_before.misses;
  const auto each = static_cast<std::uint64_t>(calls);
  result.evictions = counted.evictions - counted_before.evictions;
  if (hits != each || misses != each || served != misses)
    bench::mismatch(what.name + ": for " + std::to_string(calls) + " misses and " + std::to_string(calls) +
                    " hits the host counted " + std::to_string(hits) + " hits and " + std::to_string(misses) +
                    " misses, and the site answered " + std::to_string(served) +
                    " requests; every miss must make exactly one request and no hit any (is the cache on?)");
  return result;
}

} // namespace web_bench
