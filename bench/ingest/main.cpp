// bench_ingest (issue 7): document ingestion throughput and search latency.
//
// 1. Cleaning + chunking: every HTML page of the Python documentation (python3.11-doc) through
//    the real cleaning plugins (html_to_text, normalize_unicode, normalize_whitespace: the
//    default text/html pipeline, called through the host's PipelineRunner and plugin boundary)
//    and the chunker (400 tokens, overlap 50), against LangChain's RecursiveCharacterTextSplitter
//    (@langchain/textsplitters, node) splitting the extracted text to the same size in
//    characters (400 tokens x 4 characters per token = 1600, overlap 200). Also the chunker
//    alone against the splitter on the same text.
// 2. Search: DocumentStore::search (SQLite FTS5 bm25; PostgreSQL ts_rank with
//    --postgres-url) over N chunks of that corpus, p50/p99 latency of word queries.
//
//   build/bench/bench_ingest [--corpus DIR] [--rounds N] [--max-mb MB] [--search-chunks N]
//                            [--queries N] [--postgres-url URL] [--search-only]
//
// --search-only cleans the corpus once (the chunks search indexes) and runs part 2 alone.
#include "search_latency.hpp"
#include "corpus.hpp"

#include "documents/chunker.hpp"
#include "plugins/instance_set.hpp"
#include "plugins/metrics.hpp"
#include "plugins/pipeline_runner.hpp"
#include "plugins/ttl_cache.hpp"
#include "common/logger.hpp"

#include <agenthost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <thread>
#include <unistd.h>

#if !defined(HTML_TO_TEXT_PLUGIN) || !defined(LANGCHAIN_SPLIT_SCRIPT)
#error "the plugin paths and LANGCHAIN_SPLIT_SCRIPT must be defined"
#endif

namespace ingest_bench {
namespace {

using Clock = std::chrono::steady_clock;
using agenthost::documents::ChunkerSettings;
using agenthost::documents::chunk_text;

constexpr std::int64_t kChunkTokens = 400;
constexpr std::int64_t kOverlapTokens = 50;
constexpr int kCharsPerToken = 4; // the host's default estimate (plugins/token_estimate.hpp)

struct Options {
  std::string corpus = "/usr/share/doc/python3.11/html";
  int rounds = 5;
  double max_mb = 0; // 0: the whole corpus
  std::size_t search_chunks = 100000;
  int queries = 500;
  std::string postgres_url;
  bool search_only = false;
  std::string command;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 0; i < argc; ++i) options.command += (i ? " " : "") + std::string(argv[i]);
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--corpus") options.corpus = value();
    else if (arg == "--rounds") options.rounds = std::max(1, std::stoi(value()));
    else if (arg == "--max-mb") options.max_mb = std::stod(value());
    else if (arg == "--search-chunks") options.search_chunks = std::stoul(value());
    else if (arg == "--queries") options.queries = std::max(1, std::stoi(value()));
    else if (arg == "--postgres-url") options.postgres_url = value();
    else if (arg == "--search-only") options.search_only = true;
    else if (arg == "--batch-ms" || arg == "--filter") value(); // the shared smoke arguments; unused here
    else throw std::invalid_argument("unknown option " + arg + " (see the comment at the top of bench/ingest/main.cpp)");
  }
  return options;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

int run_search(const Options& options, const std::vector<std::string>& texts) {
  SearchOptions search;
  search.chunks = options.search_chunks;
  search.queries = options.queries;
  search.postgres_url = options.postgres_url;
  search.command = options.command;
  std::cout << search_latency_table(texts, search) << std::flush;
  return 0;
}

struct Reference {
  std::vector<double> round_ms;
  std::int64_t chunks = 0;
};

Reference run_langchain(const std::vector<std::string>& texts, int rounds) {
  const std::string file = std::filesystem::temp_directory_path() / ("bench_ingest_" + std::to_string(::getpid()));
  {
    std::ofstream out(file, std::ios::binary);
    for (std::size_t i = 0; i < texts.size(); ++i) out << (i ? "\x1e" : "") << texts[i];
  }
  const std::string command = "node '" + std::string(LANGCHAIN_SPLIT_SCRIPT) + "' '" + file + "' " +
                              std::to_string(kChunkTokens * kCharsPerToken) + " " +
                              std::to_string(kOverlapTokens * kCharsPerToken) + " " + std::to_string(rounds) + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run node");
  std::string output;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int status = ::pclose(pipe);
  std::filesystem::remove(file);
  if (status != 0) {
    throw std::runtime_error("node failed (./dev deps installs node and @langchain/textsplitters): " + output);
  }
  const agenthost::json::Value result = agenthost::json::parse(output);
  Reference reference;
  for (const agenthost::json::Value& ms : result["round_ms"].as_array()) reference.round_ms.push_back(ms.as_double());
  reference.chunks = result["chunks"].as_int();
  return reference;
}

} // namespace

int run(int argc, char** argv) {
  const Options options = parse(argc, argv);
  const Corpus corpus = load_corpus(options.corpus, options.max_mb);

  // The host's plugin path: implicit instances of the default steps, as serve creates them.
  agenthost::Logger logger(agenthost::LogLevel::error, [](std::string_view) {});
  agenthost::plugins::TtlCache cache;
  agenthost::plugins::Metrics metrics;
  agenthost::plugins::HostServices services(logger, cache, metrics);
  const agenthost::plugins::PluginCatalog catalog = agenthost::plugins::PluginCatalog::from_files(
      {HTML_TO_TEXT_PLUGIN, NORMALIZE_UNICODE_PLUGIN, NORMALIZE_WHITESPACE_PLUGIN});
  const agenthost::config::Config config;
  const std::unique_ptr<agenthost::plugins::InstanceSet> instances =
      agenthost::plugins::create_configured_instances(catalog, config, services);
  const agenthost::plugins::PipelineRunner pipelines(*instances, config.pipelines);
  const std::vector<std::string> steps = pipelines.steps_for(std::nullopt, "text/html");
  const ChunkerSettings chunking{kChunkTokens, kOverlapTokens};

  std::vector<std::string> texts;
  std::int64_t our_chunks = 0;
  std::vector<double> pipeline_ms, chunk_ms;
  const int rounds = options.search_only ? 0 : options.rounds;
  for (int round = 0; round <= rounds; ++round) { // round 0 warms up and keeps the texts
    std::vector<std::string> cleaned;
    cleaned.reserve(corpus.pages.size());
    std::int64_t chunks = 0;
    const auto start = Clock::now();
    for (const std::string& html : corpus.pages) {
      cleaned.push_back(pipelines.run(steps, html, R"({"content_type":"text/html"})").text);
      chunks += static_cast<std::int64_t>(chunk_text(cleaned.back(), chunking).size());
    }
    const double elapsed = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    const auto chunk_start = Clock::now();
    std::int64_t again = 0;
    for (const std::string& text : cleaned) again += static_cast<std::int64_t>(chunk_text(text, chunking).size());
    const double chunk_elapsed = std::chrono::duration<double, std::milli>(Clock::now() - chunk_start).count();
    if (again != chunks) throw std::logic_error("the chunker is not deterministic");
    if (round == 0) {
      texts = std::move(cleaned);
      our_chunks = chunks;
      continue;
    }
    pipeline_ms.push_back(elapsed);
    chunk_ms.push_back(chunk_elapsed);
  }
  if (options.search_only) return run_search(options, texts);
  // Where the pipeline's time goes: each step alone over the corpus (its real input), once.
  std::vector<std::string> step_notes;
  {
    std::vector<std::string> inputs = corpus.pages;
    for (const std::string& step : steps) {
      const auto start = Clock::now();
      for (std::string& input : inputs) input = pipelines.run({step}, std::move(input), "{}").text;
      step_notes.push_back(step + " " +
                           fixed(std::chrono::duration<double, std::milli>(Clock::now() - start).count(), 0) + " ms");
    }
  }
  std::size_t text_bytes = 0;
  for (const std::string& text : texts) text_bytes += text.size();
  const Reference reference = run_langchain(texts, options.rounds);

  const double html_mb = static_cast<double>(corpus.bytes) / 1e6;
  const double text_mb = static_cast<double>(text_bytes) / 1e6;
  const double ours_ms = median(pipeline_ms);
  const double chunk_only_ms = median(chunk_ms);
  const double reference_ms = median(reference.round_ms);

  std::cout << "\n## Ingestion: cleaning + chunking vs LangChain RecursiveCharacterTextSplitter\n\n";
  std::cout << "command: " << options.command << "\n";
  std::cout << "corpus: " << options.corpus << ", " << corpus.pages.size() << " HTML pages, " << fixed(html_mb, 1)
            << " MB of HTML -> " << fixed(text_mb, 1) << " MB of text; " << std::thread::hardware_concurrency()
            << " cores, build " << AGENTHOST_BUILD_TYPE << "; median of " << options.rounds
            << " rounds each (LangChain in node, after one warm-up round)\n\n";
  std::cout << "| case | ours | reference | ours time | ref time | ours MB/s | ref MB/s | ours faster by |\n";
  std::cout << "|---|---|---|---:|---:|---:|---:|---:|\n";
  std::cout << "| whole corpus: clean + chunk (ours) vs split the extracted text (ref); MB/s of HTML | "
            << "html_to_text, normalize_unicode, normalize_whitespace (plugins) + chunker, 400 tok / 50 | "
            << "RecursiveCharacterTextSplitter 1600 / 200 chars | " << fixed(ours_ms, 0) << " ms | "
            << fixed(reference_ms, 0) << " ms | " << fixed(html_mb / (ours_ms / 1000), 1) << " | "
            << fixed(html_mb / (reference_ms / 1000), 1) << " | **" << fixed(reference_ms / ours_ms, 1) << "x** |\n";
  std::cout << "| chunking alone, same text; MB/s of text | chunker, 400 tok / 50 | RecursiveCharacterTextSplitter "
            << "1600 / 200 chars | " << fixed(chunk_only_ms, 0) << " ms | " << fixed(reference_ms, 0) << " ms | "
            << fixed(text_mb / (chunk_only_ms / 1000), 1) << " | " << fixed(text_mb / (reference_ms / 1000), 1)
            << " | **" << fixed(reference_ms / chunk_only_ms, 1) << "x** |\n\n";
  std::cout << "- chunks: ours " << our_chunks << ", LangChain " << reference.chunks
            << " (ours never spans a page and counts tokens as code points / 4; LangChain counts UTF-16 units)\n";

  std::string breakdown;
  for (const std::string& note : step_notes) breakdown += (breakdown.empty() ? "" : ", ") + note;
  std::cout << "- each step alone over the corpus, one pass: " << breakdown << "\n";

  return run_search(options, texts);
}

} // namespace ingest_bench

int main(int argc, char** argv) {
  try {
    return ingest_bench::run(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "bench_ingest: " << error.what() << "\n";
    return 1;
  }
}
