// The search half of bench_ingest: DocumentStore::search latency over many chunks.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ingest_bench {

struct SearchOptions {
  std::size_t chunks = 100000;
  int queries = 500;
  std::string postgres_url; // a server to create a scratch database on; empty: SQLite only
  std::string command;      // printed with the table
};

// Chunks `texts` (cycled until `chunks` chunks exist), indexes them as one user's documents
// (plus another user's few, so the owner filter has something to exclude), runs word queries
// taken from the chunks, and returns a markdown table of p50/p99 per engine and number of words.
std::string search_latency_table(const std::vector<std::string>& texts, const SearchOptions& options);

} // namespace ingest_bench
