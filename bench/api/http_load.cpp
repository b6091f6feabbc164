#include "api/http_load.hpp"

#include "api/http_check.hpp"
#include "api/server_process.hpp"
#include "api/wrk_runner.hpp"
#include "harness.hpp"

#include <ctime>
#include <iostream>
#include <thread>
#include <vector>

namespace bench::api {
namespace {

struct TimedRequest {
  std::string name;
  std::string url;
  std::string token;
  std::vector<WrkResult> runs; // one per round
};

double median_of(const std::vector<TimedRequest>& requests, std::size_t index, double WrkResult::*field) {
  std::vector<double> values;
  for (const WrkResult& run : requests[index].runs) values.push_back(run.*field);
  return detail::quantile(values, 0.5);
}

// The median over rounds of a / b, each round's figures taken from the same round.
double median_ratio(const TimedRequest& a, const TimedRequest& b, double WrkResult::*field) {
  std::vector<double> ratios;
  for (std::size_t round = 0; round < a.runs.size(); ++round) ratios.push_back(a.runs[round].*field / b.runs[round].*field);
  return detail::quantile(ratios, 0.5);
}

std::string today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &local);
  return buffer;
}

std::string mib(std::uintmax_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MiB"; }

void print_table(const Options& options, const Dataset& dataset, const TimedPaths& paths,
                 const std::vector<TimedRequest>& requests) {
  const HttpLoad& http = options.http;
  const UserSet& small = dataset.small;
  const UserSet& large = dataset.large;
  std::cout << "\n## API over HTTP: agenthost serve + wrk\n\n";
  std::cout << "command: " << options.command << "\n";
  std::cout << "date: " << today() << ", " << std::thread::hardware_concurrency() << " cores (server and wrk share them), build "
            << AGENTHOST_BUILD_TYPE << "; wrk -t" << http.wrk_threads << " -c" << http.connections << " -d"
            << static_cast<long>(http.seconds) << "s --latency, " << http.rounds << " interleaved round"
            << (http.rounds == 1 ? "" : "s") << " (order reversed every other round), medians; [server] threads = "
            << http.server_threads << ", SQLite\n";
  std::cout << "dataset: " << small.conversations << " conversations x " << small.messages_per_conversation
            << " messages of " << small.body_bytes << " B (" << small.conversations * small.messages_per_conversation
            << " messages) for one user, " << large.conversations << " x " << large.messages_per_conversation
            << " messages of " << large.body_bytes << " B for another; " << mib(dataset.database_bytes)
            << " database, generated in " << static_cast<long>(dataset.seconds_to_generate) << " s\n\n";

  std::cout << "| request | requests/s | p50 | p99 |\n|---|---:|---:|---:|\n";
  for (std::size_t i = 0; i < requests.size(); ++i) {
    std::cout << "| " << requests[i].name << " | " << detail::format_figure(median_of(requests, i, &WrkResult::requests_per_second))
              << " | " << detail::format_figure(median_of(requests, i, &WrkResult::p50_ms)) << " ms | "
              << detail::format_figure(median_of(requests, i, &WrkResult::p99_ms)) << " ms |\n";
  }
  std::cout << "\n| ratio | p50 latency | p99 latency | requests/s (inverse) | goal |\n|---|---:|---:|---:|---|\n";
  const auto ratio_row = [&](const std::string& name, const TimedRequest& a, const TimedRequest& b, const char* goal) {
    std::cout << "| " << name << " | **" << detail::format_fixed(median_ratio(a, b, &WrkResult::p50_ms), 2) << "** | "
              << detail::format_fixed(median_ratio(a, b, &WrkResult::p99_ms), 2) << " | "
              << detail::format_fixed(median_ratio(b, a, &WrkResult::requests_per_second), 2) << " | " << goal << " |\n";
  };
  ratio_row("page " + std::to_string(paths.deep_page_number) + " / page 1", requests[1], requests[0], "<= 1.2");
  ratio_row("list, " + std::to_string(large.body_bytes) + "-B bodies / " + std::to_string(small.body_bytes) + "-B bodies",
            requests[3], requests[0], "<= 1.1");
  std::cout << "\n- ratios are medians of per-round ratios (both requests timed in the same round); > 1: the first is slower\n"
            << "- every answer was checked against the generated rows before timing (ids, order, next_cursor, message "
               "contents, no bodies in lists, 401 for a wrong token)\n"
            << std::flush;
}

} // namespace

int measure_http(const Options& options, const Dataset& dataset) {
  const TimedPaths paths = timed_paths(dataset, options.http.deep_page);
  const std::string config = write_server_config(dataset.data_dir, options.http.server_threads);
  std::cerr << "starting " << options.agenthost << " serve\n";
  ServerProcess server({options.agenthost, config, dataset.data_dir, dataset.data_dir});
  check_answers(server.port(), dataset, paths);

  const std::string base = server.base_url();
  const std::string show_label = "GET /api/v1/conversations/{id} (" +
                                 std::to_string(dataset.small.messages_per_conversation) + " messages of " +
                                 std::to_string(dataset.small.body_bytes) + " B)";
  std::vector<TimedRequest> requests = {
      {std::string(kHttpCaseMarker) + "?limit=25, page 1", base + paths.first_page, dataset.small.token, {}},
      {std::string(kHttpCaseMarker) + "?limit=25, page " + std::to_string(paths.deep_page_number) + " (cursor)",
       base + paths.deep_page, dataset.small.token, {}},
      {show_label, base + paths.show, dataset.small.token, {}},
      {std::string(kHttpCaseMarker) + "?limit=25, page 1, user with " + std::to_string(dataset.large.body_bytes) +
           "-B bodies",
       base + paths.large_first_page, dataset.large.token, {}},
  };
  for (int round = 0; round < options.http.rounds; ++round) {
    std::vector<std::size_t> order = {0, 1, 2, 3};
    if (round % 2 == 1) order = {3, 2, 1, 0};
    for (std::size_t index : order) {
      TimedRequest& request = requests[index];
      std::cerr << "round " << round + 1 << "/" << options.http.rounds << ": " << request.name << " ..." << std::flush;
      WrkResult result =
          run_wrk({request.url, request.token, options.http.wrk_threads, options.http.connections, options.http.seconds});
      std::cerr << " " << detail::format_figure(result.requests_per_second) << " req/s, p99 "
                << detail::format_figure(result.p99_ms) << " ms\n";
      request.runs.push_back(std::move(result));
    }
  }
  print_table(options, dataset, paths, requests);
  return 0;
}

} // namespace bench::api
