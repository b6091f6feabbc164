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
#include <iterator>
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

// What a user might type: words of at least four letters from random chunks, in three kinds
// (taken in turn, so load changes during the run touch every kind alike).
enum class QueryKind { one_word, words_of_one_chunk, words_of_two_chunks };
constexpr QueryKind kQueryKinds[] = {QueryKind::one_word, QueryKind::words_of_one_chunk,
                                     QueryKind::words_of_two_chunks};

const char* kind_name(QueryKind kind) {
  switch (kind) {
  case QueryKind::one_word: return "1 word";
  case QueryKind::words_of_one_chunk: return "2-3 words of one chunk (all-word hits fill the page)";
  case QueryKind::words_of_two_chunks: return "2-3 words of two chunks (few all-word hits: any-word fallback)";
  }
  return "?";
}

struct Query {
  QueryKind kind;
  std::string text;
};

std::vector<Query> make_queries(const std::vector<std::string>& chunks, int count) {
  std::mt19937 rng(7);
  const auto words_of = [&](const std::string& chunk) {
    std::vector<std::string> words;
    std::string word;
    for (char c : chunk + " ") {
      if (std::isalpha(static_cast<unsigned char>(c))) {
        word += c;
      } else {
        if (word.size() >= 4) words.push_back(word);
        word.clear();
      }
    }
    return words;
  };
  const auto random_words = [&]() {
    std::vector<std::string> words;
    while (words.empty()) words = words_of(chunks[rng() % chunks.size()]);
    return words;
  };
  const auto pick = [&](const std::vector<std::string>& words) { return words[rng() % words.size()]; };
  std::vector<Query> queries;
  while (static_cast<int>(queries.size()) < count) {
    const QueryKind kind = kQueryKinds[queries.size() % std::size(kQueryKinds)];
    const std::vector<std::string> first = random_words();
    std::string text = pick(first);
    if (kind == QueryKind::words_of_one_chunk) {
      for (int i = 0, more = 1 + static_cast<int>(rng() % 2); i < more; ++i) text += " " + pick(first);
    } else if (kind == QueryKind::words_of_two_chunks) {
      const std::vector<std::string> second = random_words();
      if (rng() % 2) text += " " + pick(first);
      text += " " + pick(second);
    }
    queries.push_back({kind, text});
  }
  return queries;
}

// Latencies of one kind of query (all, or those of N distinct words).
struct Latencies {
  std::vector<double> ms;
  std::size_t hits = 0;

  void add(double elapsed_ms, std::size_t found) {
    ms.push_back(elapsed_ms);
    hits += found;
  }
  double percentile(int p) const {
    std::vector<double> sorted = ms;
    std::sort(sorted.begin(), sorted.end());
    return sorted[std::min(sorted.size() - 1, sorted.size() * static_cast<std::size_t>(p) / 100)];
  }
  double mean() const {
    double sum = 0;
    for (double value : ms) sum += value;
    return sum / static_cast<double>(ms.size());
  }
};

struct Result {
  std::string engine;
  double index_seconds = 0;
  Latencies all;
  Latencies by_kind[std::size(kQueryKinds)];
};

Result measure(Database& database, const std::vector<std::string>& pool, std::size_t total,
               const std::vector<Query>& queries) {
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

  for (int i = 0; i < 5; ++i) documents.search(alice.id, queries[static_cast<std::size_t>(i) % queries.size()].text, 10);
  for (const Query& query : queries) {
    const auto begin = Clock::now();
    const std::size_t found = documents.search(alice.id, query.text, 10).size();
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
    result.all.add(ms, found);
    result.by_kind[static_cast<std::size_t>(query.kind)].add(ms, found);
  }
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
  const std::vector<Query> queries = make_queries(pool, options.queries);
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
      << "user one; " << queries.size() << " queries of 1-3 words drawn from the chunks (a third of each kind below), one at a time, limit 10.\n\n";
  if (!options.command.empty()) out << "command: " << options.command << "\n\n";
  out << "| engine | index build | queries | count | p50 | p99 | mean | hits/query |\n"
      << "|---|---:|---|---:|---:|---:|---:|---:|\n";
  for (const Result& r : results) {
    const auto row = [&](const std::string& kind, const Latencies& latencies) {
      if (latencies.ms.empty()) return;
      out << "| " << r.engine << " | " << fixed(r.index_seconds, 1) << " s ("
          << fixed(static_cast<double>(options.chunks) / r.index_seconds, 0) << " chunks/s) | " << kind << " | "
          << latencies.ms.size() << " | " << fixed(latencies.percentile(50), 2) << " ms | "
          << fixed(latencies.percentile(99), 2) << " ms | " << fixed(latencies.mean(), 2) << " ms | "
          << fixed(static_cast<double>(latencies.hits) / static_cast<double>(latencies.ms.size()), 1) << " |\n";
    };
    row("all", r.all);
    for (QueryKind kind : kQueryKinds) row(kind_name(kind), r.by_kind[static_cast<std::size_t>(kind)]);
  }
  if (options.postgres_url.empty()) out << "\n- PostgreSQL: pass --postgres-url postgresql://USER@HOST:PORT/postgres\n";
  return out.str();
}

} // namespace ingest_bench
