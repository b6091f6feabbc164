#include "api/wrk_runner.hpp"

#include <array>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include <sys/wait.h>

namespace bench::api {
namespace {

// "1.23ms", "850.00us", "1.02s" as milliseconds.
double duration_ms(const std::string& text) {
  std::size_t used = 0;
  const double value = std::stod(text, &used);
  const std::string unit = text.substr(used);
  if (unit == "us") return value / 1000;
  if (unit == "ms") return value;
  if (unit == "s") return value * 1000;
  if (unit == "m") return value * 60000;
  throw std::runtime_error("wrk printed a latency with an unknown unit: '" + text + "'");
}

// The token after `label` on the first line that starts with it (after spaces), or "".
std::string value_after(const std::string& report, const std::string& label) {
  std::istringstream lines(report);
  std::string line;
  while (std::getline(lines, line)) {
    const std::size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos || line.compare(start, label.size(), label) != 0) continue;
    std::istringstream rest(line.substr(start + label.size()));
    std::string value;
    rest >> value;
    return value;
  }
  return "";
}

} // namespace

WrkResult parse_wrk_report(const std::string& report) {
  WrkResult result;
  result.output = report;
  const std::string rate = value_after(report, "Requests/sec:");
  const std::string p50 = value_after(report, "50%");
  const std::string p99 = value_after(report, "99%");
  if (rate.empty() || p50.empty() || p99.empty()) {
    throw std::runtime_error("cannot find Requests/sec and the 50%/99% latencies in wrk's report:\n" + report);
  }
  result.requests_per_second = std::stod(rate);
  result.p50_ms = duration_ms(p50);
  result.p99_ms = duration_ms(p99);
  // "  12345 requests in 5.00s, 12.3MB read"
  const std::size_t in = report.find(" requests in ");
  if (in != std::string::npos) {
    const std::size_t start = report.find_last_not_of("0123456789", in - 1);
    result.requests = std::stol(report.substr(start + 1, in - start - 1));
  }
  if (report.find("Non-2xx or 3xx responses") != std::string::npos || report.find("Socket errors") != std::string::npos) {
    throw std::runtime_error("wrk saw failed requests (is the token right, is the server healthy?):\n" + report);
  }
  return result;
}

WrkResult run_wrk(const WrkRun& run) {
  // The token and URL are base64url / plain ASCII we made ourselves: safe inside single quotes.
  const std::string command = "wrk --latency -t" + std::to_string(run.threads) + " -c" +
                              std::to_string(run.connections) + " -d" + std::to_string(static_cast<long>(run.seconds)) +
                              "s -H 'Authorization: Bearer " + run.token + "' '" + run.url + "' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run wrk (popen failed)");
  std::string report;
  std::array<char, 4096> buffer{};
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) report.append(buffer.data(), n);
  const int status = pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const bool missing = WIFEXITED(status) && WEXITSTATUS(status) == 127;
    throw std::runtime_error(missing ? "wrk is not installed: run `./dev deps` (or apt-get install wrk)"
                                     : "wrk failed:\n" + report);
  }
  return parse_wrk_report(report);
}

} // namespace bench::api
