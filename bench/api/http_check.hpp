// Plain HTTP GETs against the served dataset, and the checks that the server answers with
// exactly the rows the generator wrote, done before wrk times anything: requests/s of wrong or
// failing answers would mean nothing.
#pragma once

#include "api/dataset.hpp"

#include <string>

namespace bench::api {

struct HttpAnswer {
  int status = 0;
  std::string body;
};

HttpAnswer http_get(int port, const std::string& path_and_query, const std::string& token);

// The request paths the benchmark times.
struct TimedPaths {
  std::string first_page;      // the 100-byte user's page 1
  std::string deep_page;       // the same list, page `deep_page_number`
  long deep_page_number = 0;
  std::string show;            // one conversation of the 100-byte user, with its messages
  std::string large_first_page; // the 100-KB user's page 1
};

TimedPaths timed_paths(const Dataset& dataset, long wanted_deep_page);

// Throws std::runtime_error saying what differed.
void check_answers(int port, const Dataset& dataset, const TimedPaths& paths);

} // namespace bench::api
