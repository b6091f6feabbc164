// The HTML corpus bench_ingest reads: every .html file under a directory, in path order.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ingest_bench {

struct Corpus {
  std::vector<std::string> pages;
  std::size_t bytes = 0;
};

// Stops after `max_mb` megabytes when > 0. Throws when the directory is missing or has no HTML
// (install python3.11-doc: ./dev deps).
Corpus load_corpus(const std::string& dir, double max_mb);

} // namespace ingest_bench
