// The HTTP part: serves the generated dataset with the real `agenthost serve`, checks its
// answers, then times list and show requests with wrk in interleaved rounds and prints the
// table (Markdown, like bench::Session's) with the page-depth and body-size ratios.
#pragma once

#include "api/dataset.hpp"
#include "api/options.hpp"

namespace bench::api {

// The case names, for --filter.
inline constexpr const char* kHttpCaseMarker = "GET /api/v1/conversations";

// Returns the exit status for main (0, or 1 after printing why the set-up is wrong).
int measure_http(const Options& options, const Dataset& dataset);

} // namespace bench::api
