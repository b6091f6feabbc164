// Fetch throughput over an HTML corpus served by the local site, two cases:
//   fetch + clean  ours: web_fetch (cache off) through the host: the tool plugin, outbound HTTP
//                  with the egress check, run_pipeline (html_to_text, normalize_unicode,
//                  normalize_whitespace), the token budget and the JSON result;
//                  reference: a plain Poco HTTPClientSession GET of the same page, then the same
//                  pipeline through the same PipelineRunner, in-process.
//   fetch only     the same pages served as text/plain, which web_fetch returns as is: ours is
//                  the whole tool call, the reference the plain GET alone, so the ratio is the
//                  transport cost of the tool and the host's outbound layer, without gumbo's
//                  parse drowning it.
// Each round runs both sides over every page, interleaved page by page (alternating which goes
// first), so both see the same load; a round's ratio is the ratio of its summed times.
#pragma once

#include "web/bench_host.hpp"
#include "web/local_site.hpp"

#include <string>
#include <vector>

namespace web_bench {

struct ThroughputResult {
  std::string name, ours, reference;
  std::size_t pages = 0;
  double html_bytes = 0;                              // what was fetched, per pass
  double text_bytes = 0;                              // what came out, per pass
  std::vector<double> ours_ms, reference_ms, ratios; // per round
};

// `corpus` is what the site serves under /corpus/N; `tool` a web_fetch instance with the cache
// off and limits that fit every page. Checks first, page by page, that both sides of each case
// produce the same text (stops the benchmark naming the first page that differs).
std::vector<ThroughputResult> measure_fetch_throughput(const BenchHost& host, const LocalSite& site,
                                                       const std::vector<std::string>& corpus,
                                                       const std::string& tool, int rounds);

} // namespace web_bench
