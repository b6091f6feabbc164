// bench_api's command line: the dataset's size, the wrk runs, and the harness's own options
// (--rounds, --batch-ms, --filter), which are passed on to bench::Session.
#pragma once

#include <string>
#include <vector>

namespace bench::api {

struct DatasetSize {
  // The user whose list is paged deep and whose conversations are shown: 100-byte bodies.
  long conversations = 100000;
  long messages_per_conversation = 10;
  long body_bytes = 100;
  // A second user with the same kind of conversations but 100-KB bodies: listing them must cost
  // what listing the first user's costs. Fewer rows than the first user: 10k x 2 x 100 KB is
  // already 2 GB on disk, and list latency depends on neither count (keyset on an index).
  long large_conversations = 10000;
  long large_messages_per_conversation = 2;
  long large_body_bytes = 100 * 1024;
};

struct HttpLoad {
  double seconds = 5;     // per wrk run
  int rounds = 5;         // interleaved rounds of every request kind; medians are reported
  int connections = 10;   // wrk -c
  int wrk_threads = 2;    // wrk -t
  int server_threads = 16; // [server] threads
  long deep_page = 2000;  // the page (of 25) whose cursor is measured against page 1
};

struct Options {
  DatasetSize dataset;
  HttpLoad http;
  long insert_rows = 5000; // rows per timed transaction in the insert-rate cases
  std::string data_dir;    // empty: a temporary directory, removed at the end
  std::string agenthost;   // the binary to serve with
  std::vector<std::string> harness_args; // argv[0] and the options bench::Session parses
  std::string command;                   // the whole command line, for the printed tables
};

// Exits with a usage message (status 2) on a bad option, status 0 for --help.
Options parse_options(int argc, char** argv);

} // namespace bench::api
