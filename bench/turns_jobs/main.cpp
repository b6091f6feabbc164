// Durable job throughput: no-op jobs enqueued one by one (each its own transaction) and run by
// the real WorkerPools until every one has succeeded, against raw sqlite3 autocommit inserts of
// the same number of rows into the same `jobs` table, with the store's pragmas, on the same disk.
//
// A job costs three commits (enqueue, claim, finish) where the reference costs one, so 0.33 is
// the ceiling for ours/reference; the goal is >= 0.2 (issue 4). Rounds interleave the two sides
// (alternating which goes first) and the median ratio is reported.
//
//   bench_turns_jobs [--jobs N] [--rounds R] [--workers W] [--dir DIR]
#include "api/sqlite_handle.hpp"

#include "common/logger.hpp"
#include "queue/job_store.hpp"
#include "queue/worker_pools.hpp"
#include "store/database.hpp"
#include "store/ids.hpp"
#include "store/migrations.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace agenthost;
using Clock = std::chrono::steady_clock;

struct Options {
  long jobs = 1000;
  int rounds = 3;
  int workers = 3;
  std::string dir;
};

[[noreturn]] void usage(const char* program, const std::string& problem) {
  std::ostream& out = problem.empty() ? std::cout : std::cerr;
  if (!problem.empty()) out << program << ": " << problem << "\n";
  out << "usage: " << program << " [--jobs N] [--rounds R] [--workers W] [--dir DIR]\n"
      << "  --jobs N     jobs (and reference rows) per round (default 1000)\n"
      << "  --rounds R   interleaved rounds (default 3)\n"
      << "  --workers W  worker threads of the pool (default 3, the `ai` pool's)\n"
      << "  --dir DIR    scratch directory for the databases (default: next to this program)\n";
  std::exit(problem.empty() ? 0 : 2);
}

Options parse(int argc, char** argv) {
  Options options;
  options.dir = (std::filesystem::absolute(argv[0]).parent_path() / "turns_jobs_scratch").string();
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") usage(argv[0], "");
    if (i + 1 >= argc) usage(argv[0], "option '" + arg + "' needs a value");
    const std::string value = argv[++i];
    try {
      if (arg == "--jobs") options.jobs = std::stol(value);
      else if (arg == "--rounds") options.rounds = std::stoi(value);
      else if (arg == "--workers") options.workers = std::stoi(value);
      else if (arg == "--dir") options.dir = value;
      else usage(argv[0], "unknown option '" + arg + "'");
    } catch (const std::logic_error&) {
      usage(argv[0], "option '" + arg + "' wants a number, got '" + value + "'");
    }
  }
  if (options.jobs < 1 || options.rounds < 1 || options.workers < 1) usage(argv[0], "values must be at least 1");
  return options;
}

// A fresh migrated database file; the store sets its pragmas (WAL, synchronous=FULL, ...).
std::unique_ptr<store::Database> fresh_database(const std::string& path, int pool_size) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  store::DatabaseOptions options;
  options.engine = store::Engine::sqlite;
  options.sqlite_path = path;
  options.pool_size = pool_size;
  auto database = store::Database::open(options);
  store::migrate(*database);
  return database;
}

class NoOp : public queue::JobHandler {
public:
  queue::JobOutcome run(queue::JobContext&) override { return queue::JobOutcome::succeeded(); }
};

long count_succeeded(store::Database& database) {
  store::Connection connection = database.connect();
  return static_cast<long>(connection.query_one("SELECT COUNT(*) FROM jobs WHERE state = 'succeeded'")->integer(0));
}

// Ours: enqueue → claim → run → succeeded, all through the real queue. Returns jobs per second.
double run_queue(const Options& options) {
  auto database = fresh_database(options.dir + "/queue.db", options.workers + 2);
  queue::JobStore jobs(*database);
  config::PoolConfig pool;
  pool.name = "ai";
  pool.queues = {"high", "default"};
  pool.workers = options.workers;
  pool.timeout_seconds = 330;
  queue::WorkerPools pools(jobs, {pool}, config::QueueConfig{},
                           std::make_shared<Logger>(LogLevel::error, [](std::string_view) {}));
  pools.register_handler("noop", std::make_shared<NoOp>());
  pools.start();

  queue::JobSpec spec;
  spec.type = "noop";
  const auto start = Clock::now();
  for (long i = 0; i < options.jobs; ++i) {
    jobs.enqueue(spec);
    pools.wake();
  }
  while (count_succeeded(*database) < options.jobs) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  pools.stop(std::chrono::seconds(5));
  return static_cast<double>(options.jobs) / seconds;
}

// Reference: the same number of rows inserted into the same table by raw sqlite3, one
// autocommit statement each (prepared once). Returns rows per second.
double run_raw_inserts(const Options& options) {
  const std::string path = options.dir + "/raw.db";
  fresh_database(path, 1).reset(); // same schema and file settings, then closed
  bench::api::SqliteDatabase db(path);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = FULL");
  db.exec("PRAGMA foreign_keys = ON");
  bench::api::SqliteStatement insert(db, "INSERT INTO jobs (id, type, queue, payload, state, attempts, max_attempts,"
                                         " timeout_seconds, available_at, created_at, updated_at)"
                                         " VALUES (?, 'noop', 'default', '{}', 'queued', 0, 1, 0, ?, ?, ?)");
  const auto start = Clock::now();
  for (long i = 0; i < options.jobs; ++i) {
    const std::string id = store::new_id("job_");
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch()).count();
    insert.bind(1, id);
    insert.bind(2, now);
    insert.bind(3, now);
    insert.bind(4, now);
    insert.run();
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return static_cast<double>(options.jobs) / seconds;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

} // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  std::filesystem::create_directories(options.dir);
  std::printf("Durable jobs: enqueue -> succeeded (no-op, %d workers) vs raw sqlite3 autocommit inserts\n"
              "build %s, %ld jobs per round, %d rounds, databases in %s\n\n",
              options.workers, AGENTHOST_BUILD_TYPE, options.jobs, options.rounds, options.dir.c_str());
  std::printf("%-6s %14s %16s %8s\n", "round", "jobs/s (ours)", "inserts/s (ref)", "ratio");
  std::vector<double> ratios, ours_rates, reference_rates;
  try {
    for (int round = 0; round < options.rounds; ++round) {
      double ours = 0, reference = 0;
      if (round % 2 == 0) {
        ours = run_queue(options);
        reference = run_raw_inserts(options);
      } else {
        reference = run_raw_inserts(options);
        ours = run_queue(options);
      }
      ours_rates.push_back(ours);
      reference_rates.push_back(reference);
      ratios.push_back(ours / reference);
      std::printf("%-6d %14.0f %16.0f %8.3f\n", round + 1, ours, reference, ours / reference);
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench_turns_jobs: %s\n", error.what());
    return 1;
  }
  const double ratio = median(ratios);
  std::printf("\nmedian: %.0f jobs/s vs %.0f inserts/s, ratio %.3f (goal >= 0.2, ceiling ~0.33: 3 commits per job)\n",
              median(ours_rates), median(reference_rates), ratio);
  std::filesystem::remove_all(options.dir);
  return 0;
}
