#include "search_latency.hpp"

#include "documents/chunker.hpp"
#include "store/database.hpp"
#include "store/document_store.hpp"
#include "store/migrations.hpp"
#include "store/user_store.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>
#include <unistd.h>

namespace ingest_bench {
namespace {

using Clock = std::chrono::steady_clock;
using agenthost::store::Database;
using agenthost::store::DatabaseOptions;
using agenthost::store::Engine;

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

// 1-3 words of at least four letters from a random chunk: what a user might type.
std::vector<std::string> make_queries(const std::vector<std::string>& chunks, int count) {
  std::mt19937 rng(7);
  std::vector<std::string> queries;
  while (static_cast<int>(queries.size()) < count) {
    const std::string& chunk = chunks[rng() % chunks.size()];
    std::vector<std::string> words;
    std::string word;
    for (char c : chunk) {
      if (std::isalpha(static_cast<unsigned char>(c))) {
        word += c;
      } else {
        if (word.size() >= 4) words.push_back(word);
        word.clear();
      }
    }
    if (words.empty()) continue;
    std::string query;
    const int length = 1 + static_cast<int>(rng() % 3);
    for (int i = 0; i < length; ++i) query += (i ? " " : "") + words[rng() % words.size()];
    queries.push_back(query);
  }
  return queries;
}

struct Result {
  std::string engine;
  double index_seconds = 0;
  double p50_ms = 0, p99_ms = 0, mean_ms = 0, mean_hits = 0;
};

Result measure(Database& database, const std::vector<std::string>& pool, std::size_t total,
               const std::vector<std::string>& queries) {
  agenthost::store::migrate(database);
  agenthost::store::UserStore users(database);
  agenthost::store::DocumentStore documents(database);
  const auto alice = users.create_user("alice", false);
  const auto bob = users.create_user("bob", false);
  Result result;
  result.engine = database.dialect().name();
  const auto start = Clock::now();
  constexpr std::size_t kChunksPerDocument = 1000;
  std::size_t next = 0;
  for (std::size_t written = 0; written < total;) {
    const auto document = documents.create(alice.id, "doc" + std::to_string(written) + ".html", "text/html", {});
    std::vector<agenthost::store::NewChunk> chunks;
    for (std::size_t i = 0; i < kChunksPerDocument && written < total; ++i, ++written) {
      const std::string& content = pool[next++ % pool.size()];
      chunks.push_back({1, 0, static_cast<std::int64_t>(content.size()), 400, content});
    }
    documents.mark_ready(document.id, 1, chunks);
  }
  const auto other = documents.create(bob.id, "bob.html", "text/html", {});
  documents.mark_ready(other.id, 1, {{1, 0, 10, 3, pool.front()}});
  result.index_seconds = std::chrono::duration<double>(Clock::now() - start).count();

  for (int i = 0; i < 5; ++i) documents.search(alice.id, queries[static_cast<std::size_t>(i) % queries.size()], 10);
  std::vector<double> latencies;
  std::size_t hits = 0;
  for (const std::string& query : queries) {
    const auto begin = Clock::now();
    hits += documents.search(alice.id, query, 10).size();
    latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
  }
  std::sort(latencies.begin(), latencies.end());
  result.p50_ms = latencies[latencies.size() / 2];
  result.p99_ms = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
  for (double ms : latencies) result.mean_ms += ms / static_cast<double>(latencies.size());
  result.mean_hits = static_cast<double>(hits) / static_cast<double>(queries.size());
  return result;
}

// The server's URL with another database name.
std::string with_database(const std::string& url, const std::string& name) {
  const std::size_t slash = url.rfind('/');
  const std::size_t query = url.find('?', slash);
  return url.substr(0, slash + 1) + name + (query == std::string::npos ? "" : url.substr(query));
}

} // namespace

std::string search_latency_table(const std::vector<std::string>& texts, const SearchOptions& options) {
  std::vector<std::string> pool;
  for (const std::string& text : texts) {
    for (const auto& chunk : agenthost::documents::chunk_text(text, {400, 50}))
      pool.push_back(text.substr(chunk.start, chunk.end - chunk.start));
  }
  const std::vector<std::string> queries = make_queries(pool, options.queries);
  std::vector<Result> results;

  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("bench_ingest_search_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    DatabaseOptions sqlite;
    sqlite.engine = Engine::sqlite;
    sqlite.sqlite_path = (dir / "search.db").string();
    auto database = Database::open(sqlite);
    results.push_back(measure(*database, pool, options.chunks, queries));
  }
  std::filesystem::remove_all(dir);

  if (!options.postgres_url.empty()) {
    const std::string name = "bench_ingest_" + std::to_string(::getpid());
    DatabaseOptions admin;
    admin.engine = Engine::postgresql;
    admin.postgres_url = options.postgres_url;
    auto server = Database::open(admin);
    server->connect().execute("CREATE DATABASE " + name);
    {
      DatabaseOptions scratch = admin;
      scratch.postgres_url = with_database(options.postgres_url, name);
      auto database = Database::open(scratch);
      results.push_back(measure(*database, pool, options.chunks, queries));
    }
    server->connect().execute("DROP DATABASE " + name);
  }

  std::ostringstream out;
  out << "\n## Search latency: DocumentStore::search (limit 10) over " << options.chunks << " chunks\n\n";
  out << "One user owns all the chunks (" << pool.size() << " distinct chunks of the corpus above, cycled), another "
      << "user one; " << queries.size() << " queries of 1-3 words drawn from the chunks, one at a time.\n\n";
  out << "| engine | ranking | index build | p50 | p99 | mean | hits/query |\n|---|---|---:|---:|---:|---:|---:|\n";
  for (const Result& r : results) {
    out << "| " << r.engine << " | " << (r.engine == std::string("sqlite") ? "FTS5 bm25" : "tsvector GIN, ts_rank")
        << " | " << fixed(r.index_seconds, 1) << " s (" << fixed(static_cast<double>(options.chunks) / r.index_seconds, 0)
        << " chunks/s) | " << fixed(r.p50_ms, 2) << " ms | " << fixed(r.p99_ms, 2) << " ms | " << fixed(r.mean_ms, 2)
        << " ms | " << fixed(r.mean_hits, 1) << " |\n";
  }
  if (options.postgres_url.empty()) out << "\n- PostgreSQL: pass --postgres-url postgresql://USER@HOST:PORT/postgres\n";
  return out.str();
}

} // namespace ingest_bench
