// bench_api: the store and the HTTP API over a large database (issue 3, point 9).
//
//   1. insert rate: message rows through Poco Data (the store's path, and a reused prepared
//      Statement) against the raw sqlite3 C API, interleaved rounds (bench/harness.hpp);
//   2. a generated database (default 100k conversations, 1M messages of 100 B, and a second
//      user whose messages are 100 KB) served by the real `agenthost serve`, timed with wrk:
//      list page 1, a deep page, show, and the list of the 100-KB user; ratios page-depth and
//      body-size.
//
// See bench/README.md; figures go into docs/benchmarks.md.
#include "api/dataset.hpp"
#include "api/http_load.hpp"
#include "api/insert_rate.hpp"
#include "api/options.hpp"
#include "api/scratch_directory.hpp"
#include "harness.hpp"

#include <filesystem>
#include <iostream>

int main(int argc, char** argv) {
  using namespace bench::api;
  const Options options = parse_options(argc, argv);
  std::vector<char*> harness_argv;
  for (const std::string& arg : options.harness_args) harness_argv.push_back(const_cast<char*>(arg.c_str()));
  bench::Session session(static_cast<int>(harness_argv.size()), harness_argv.data(),
                         "Store: insert rate, Poco Data vs the raw sqlite3 C API");
  try {
    const ScratchDirectory scratch(options.data_dir);
    int status = 0;
    const std::string insert_dir = scratch.sub("insert");
    std::filesystem::create_directories(insert_dir);
    const bool any_insert_case = measure_insert_rate(session, insert_dir, options.insert_rows) > 0;
    if (any_insert_case) status = session.finish();
    if (session.selects(kHttpCaseMarker)) {
      const Dataset dataset = generate_dataset(scratch.sub("dataset"), options.dataset);
      status = std::max(status, measure_http(options, dataset));
    } else if (!any_insert_case) {
      std::cerr << "no case matched --filter '" << session.options().filter << "'\n";
      return 1;
    }
    return status;
  } catch (const std::exception& error) {
    std::cerr << "\nbench_api: " << error.what() << "\n";
    return 1;
  }
}
