// The timing harness every benchmark under bench/ shares.
//
// A benchmark compares our code ("ours") with a reference doing the same job, in one process
// and one run. Absolute times on a small shared machine swing by tens of percent from one
// minute to the next; a ratio measured with both sides interleaved mostly does not, because
// both sides see the same noise. So each case runs in rounds, and every round times a batch of
// ours and a batch of the reference back to back (alternating which goes first, so neither
// always gets the warmer cache). The reported ratio is the median of the per-round ratios.
//
//   bench::Session session(argc, argv, "JSON: SDK json.hpp vs Poco::JSON");
//   session.compare({"parse chat request", "json.hpp", "Poco", bytes}, [&] { return ...; },
//                   [&] { return ...; });
//   return session.finish();
//
// A callable may return a value; the harness keeps it alive so the compiler cannot drop the
// work. Options: --rounds N (default 15), --batch-ms MS (least time per batch, default 20),
// --filter TEXT (only cases whose name contains TEXT).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#ifndef AGENTHOST_BUILD_TYPE
#define AGENTHOST_BUILD_TYPE "unknown"
#endif

namespace bench {

// Makes the optimizer assume `value` is read, so the computation behind it stays.
template <class T> inline void keep(const T& value) { asm volatile("" : : "g"(&value) : "memory"); }

struct Options {
  int rounds = 15;
  double batch_ms = 20;
  std::string filter;
};

// What one case compares. bytes_per_op > 0 adds MB/s columns (same byte count for both sides,
// so the throughputs are comparable).
struct Case {
  std::string name;
  std::string ours;
  std::string reference;
  double bytes_per_op = 0;
};

struct Measurement {
  Case what;
  double ours_ns = 0;      // median ns per operation over the rounds
  double reference_ns = 0; // same, for the reference
  double ratio = 0;        // median over rounds of ours/reference: > 1 means ours is slower
  double ratio_p25 = 0;    // spread of the per-round ratios: how much to trust `ratio`
  double ratio_p75 = 0;
};

namespace detail {

using Clock = std::chrono::steady_clock;

template <class Fn> double time_batch_ns(Fn& fn, long iterations) {
  const auto start = Clock::now();
  for (long i = 0; i < iterations; ++i) {
    if constexpr (std::is_void_v<decltype(fn())>) {
      fn();
    } else {
      auto result = fn();
      keep(result);
    }
  }
  return std::chrono::duration<double, std::nano>(Clock::now() - start).count();
}

// The number of iterations whose batch takes at least `batch_ms` (at least one).
template <class Fn> long calibrate(Fn& fn, double batch_ms) {
  long iterations = 1;
  for (;;) {
    const double ns = time_batch_ns(fn, iterations);
    if (ns >= batch_ms * 1e6 || iterations >= (1L << 40)) return iterations;
    // Jump close to the target instead of doubling all the way up; a 10% margin.
    const double scale = ns > 0 ? batch_ms * 1e6 / ns * 1.1 : 100.0;
    iterations = std::max(iterations + 1, static_cast<long>(static_cast<double>(iterations) * std::min(scale, 100.0)));
  }
}

// The q-quantile (0..1) by linear interpolation; `values` must not be empty.
inline double quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(position);
  const std::size_t above = std::min(below + 1, values.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return values[below] + (values[above] - values[below]) * fraction;
}

[[noreturn]] inline void usage(const char* program, const std::string& problem) {
  std::ostream& out = problem.empty() ? std::cout : std::cerr;
  if (!problem.empty()) out << program << ": " << problem << "\n";
  out << "usage: " << program << " [--rounds N] [--batch-ms MS] [--filter TEXT]\n"
      << "  --rounds N      interleaved rounds per case (default 15, at least 1)\n"
      << "  --batch-ms MS   least time per timed batch, in milliseconds (default 20, > 0)\n"
      << "  --filter TEXT   run only the cases whose name contains TEXT\n";
  std::exit(problem.empty() ? 0 : 2);
}

inline Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") usage(argv[0], "");
    if (arg != "--rounds" && arg != "--batch-ms" && arg != "--filter") usage(argv[0], "unknown option '" + arg + "'");
    if (i + 1 >= argc) usage(argv[0], arg + " needs a value");
    const std::string value = argv[++i];
    char* end = nullptr;
    if (arg == "--rounds") {
      const long rounds = std::strtol(value.c_str(), &end, 10);
      if (*end != '\0' || rounds < 1 || rounds > 10000)
        usage(argv[0], "--rounds wants a whole number from 1 to 10000, got '" + value + "'");
      options.rounds = static_cast<int>(rounds);
    } else if (arg == "--batch-ms") {
      const double ms = std::strtod(value.c_str(), &end);
      if (*end != '\0' || !(ms > 0) || ms > 60000)
        usage(argv[0], "--batch-ms wants milliseconds above 0 and at most 60000, got '" + value + "'");
      options.batch_ms = ms;
    } else {
      options.filter = value;
    }
  }
  return options;
}

inline std::string format_fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

// Three significant figures or so, whatever the magnitude: 0.0123, 1.23, 123, 12345.
inline std::string format_figure(double value) {
  if (value >= 100) return format_fixed(value, 0);
  if (value >= 10) return format_fixed(value, 1);
  if (value >= 1) return format_fixed(value, 2);
  return format_fixed(value, 3);
}

// A duration in the unit that keeps it short: 850 ns, 1.81 µs, 88.7 ms.
inline std::string format_duration(double ns) {
  if (ns >= 1e9) return format_figure(ns / 1e9) + " s";
  if (ns >= 1e6) return format_figure(ns / 1e6) + " ms";
  if (ns >= 1e3) return format_figure(ns / 1e3) + " µs";
  return format_figure(ns) + " ns";
}

inline std::string megabytes_per_second(double bytes, double ns) { return format_figure(bytes / ns * 1e9 / 1e6); }

} // namespace detail

class Session {
public:
  Session(int argc, char** argv, std::string title)
      : options_(detail::parse_options(argc, argv)), title_(std::move(title)) {
    for (int i = 0; i < argc; ++i) command_ += (i ? " " : "") + shell_quoted(argv[i]);
  }

  const Options& options() const { return options_; }
  // Whether --filter lets a case of this name run (to skip expensive set-up for nothing).
  bool selects(const std::string& case_name) const {
    return options_.filter.empty() || case_name.find(options_.filter) != std::string::npos;
  }

  // Times `ours` against `reference`; nullopt when --filter leaves the case out. Both callables
  // are run once before timing (warm-up, and any lazy set-up inside them).
  template <class Ours, class Reference>
  std::optional<Measurement> compare(Case what, Ours&& ours, Reference&& reference) {
    if (!selects(what.name)) return std::nullopt;
    std::cerr << "measuring: " << what.name << " ..." << std::flush;
    detail::time_batch_ns(ours, 1);
    detail::time_batch_ns(reference, 1);
    const long ours_iterations = detail::calibrate(ours, options_.batch_ms);
    const long reference_iterations = detail::calibrate(reference, options_.batch_ms);

    std::vector<double> ours_ns, reference_ns, ratios;
    for (int round = 0; round < options_.rounds; ++round) {
      double a = 0, b = 0;
      if (round % 2 == 0) {
        a = detail::time_batch_ns(ours, ours_iterations);
        b = detail::time_batch_ns(reference, reference_iterations);
      } else {
        b = detail::time_batch_ns(reference, reference_iterations);
        a = detail::time_batch_ns(ours, ours_iterations);
      }
      ours_ns.push_back(a / static_cast<double>(ours_iterations));
      reference_ns.push_back(b / static_cast<double>(reference_iterations));
      ratios.push_back(ours_ns.back() / reference_ns.back());
    }
    Measurement m;
    m.what = std::move(what);
    m.ours_ns = detail::quantile(ours_ns, 0.5);
    m.reference_ns = detail::quantile(reference_ns, 0.5);
    m.ratio = detail::quantile(ratios, 0.5);
    m.ratio_p25 = detail::quantile(ratios, 0.25);
    m.ratio_p75 = detail::quantile(ratios, 0.75);
    std::cerr << " ratio " << detail::format_fixed(m.ratio, 2) << "\n";
    results_.push_back(m);
    return m;
  }

  // A line printed under the table (derived figures, caveats).
  void note(std::string line) { notes_.push_back(std::move(line)); }

  // Prints the table (Markdown, so it can go into docs/benchmarks.md as is) and returns the
  // exit status for main.
  int finish() const {
    bool throughput = false;
    for (const Measurement& m : results_) throughput = throughput || m.what.bytes_per_op > 0;

    std::cout << "\n## " << title_ << "\n\n";
    std::cout << "command: " << command_ << "\n";
    std::cout << "date: " << today() << ", " << std::thread::hardware_concurrency() << " cores, build "
              << AGENTHOST_BUILD_TYPE << ", " << options_.rounds << " interleaved round"
              << (options_.rounds == 1 ? "" : "s") << " of >= " << detail::format_figure(options_.batch_ms)
              << " ms per side\n";
    std::cout << "ratio = ours / reference time (median of per-round ratios; < 1: ours is faster). Times are\n"
                 "medians per operation, for orientation only: on a shared machine trust the ratio.\n\n";

    std::cout << "| case | ours | reference | ours time/op | ref time/op |";
    if (throughput) std::cout << " ours MB/s | ref MB/s |";
    std::cout << " ratio | ratio p25-p75 |\n";
    std::cout << "|---|---|---|---:|---:|" << (throughput ? "---:|---:|" : "") << "---:|---|\n";
    for (const Measurement& m : results_) {
      std::cout << "| " << m.what.name << " | " << m.what.ours << " | " << m.what.reference << " | "
                << detail::format_duration(m.ours_ns) << " | " << detail::format_duration(m.reference_ns) << " |";
      if (throughput) {
        if (m.what.bytes_per_op > 0)
          std::cout << " " << detail::megabytes_per_second(m.what.bytes_per_op, m.ours_ns) << " | "
                    << detail::megabytes_per_second(m.what.bytes_per_op, m.reference_ns) << " |";
        else
          std::cout << " - | - |";
      }
      std::cout << " **" << detail::format_fixed(m.ratio, 2) << "** | " << detail::format_fixed(m.ratio_p25, 2) << "-"
                << detail::format_fixed(m.ratio_p75, 2) << " |\n";
    }
    if (!notes_.empty()) std::cout << "\n";
    for (const std::string& line : notes_) std::cout << "- " << line << "\n";
    std::cout << std::flush;
    if (results_.empty()) {
      std::cerr << "no case matched --filter '" << options_.filter << "'\n";
      return 1;
    }
    return 0;
  }

private:
  // The argument as a shell would need it, so the printed command can be pasted back.
  static std::string shell_quoted(const std::string& arg) {
    const bool plain = !arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                             "0123456789-_./=:,+") == std::string::npos;
    if (plain) return arg;
    std::string out = "'";
    for (const char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
  }

  static std::string today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &local);
    return buffer;
  }

  Options options_;
  std::string title_;
  std::string command_;
  std::vector<Measurement> results_;
  std::vector<std::string> notes_;
};

// Stops a benchmark whose two sides disagree: a ratio between different results means nothing.
[[noreturn]] inline void mismatch(const std::string& what) {
  std::cerr << "benchmark set-up is wrong: " << what << "\n";
  std::exit(1);
}

} // namespace bench
