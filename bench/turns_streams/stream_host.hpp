// The host side of bench_turns_streams, run in a child process so its RSS is the host's alone:
// a SQLite store, the event log, the SSE writer and the HTTP server with the events route,
// driven over a pipe by the client process.
#pragma once

#include <string>

namespace agenthost::bench {

struct HostOptions {
  std::string data_dir;     // the SQLite file goes here
  int conversations = 10;   // streams are spread evenly over these
  int http_threads = 32;    // [server] threads
  int writer_threads = 2;   // [events] writer_threads
};

// Runs the host until the command pipe closes. Protocol (one line each way):
//   host → client at start: "<port> <token> <conversation id> <conversation id> ..."
//   "streams"            → "<open SSE streams>"
//   "rss"                → "<VmRSS in KB>"
//   "run <rate> <ms>"    → appends <rate> events/s to every conversation for <ms>; each event's
//                          data is {"t":<CLOCK_MONOTONIC ns when appended>}; answers
//                          "<events appended per conversation> <appends behind schedule>"
int run_stream_host(const HostOptions& options, int command_fd, int reply_fd);

} // namespace agenthost::bench
