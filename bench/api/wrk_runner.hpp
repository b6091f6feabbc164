// One wrk run and the figures it prints: requests/s and the latency percentiles of --latency.
#pragma once

#include <string>

namespace bench::api {

struct WrkRun {
  std::string url;
  std::string token; // sent as Authorization: Bearer
  int threads = 2;
  int connections = 10;
  double seconds = 5;
};

struct WrkResult {
  double requests_per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  long requests = 0;
  std::string output; // wrk's whole report, for error messages
};

// Runs wrk and parses its report. Throws when wrk is missing, fails, or any response was not
// 2xx/3xx or any socket error happened (figures over failed requests would mean nothing).
WrkResult run_wrk(const WrkRun& run);

// Parses a `wrk --latency` report (exposed for the parsing's own checks).
WrkResult parse_wrk_report(const std::string& report);

} // namespace bench::api
