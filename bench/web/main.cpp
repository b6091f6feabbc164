// bench_web (issue 8): the web tools through the host's real call path.
//
// 1. Cache-hit vs cache-miss latency of a web_fetch call (a generated ~50 KB HTML article) and,
//    when the web_search plugin is built, of a web_search call (a fake SearXNG), against a local
//    Poco HTTP server: per-call p50/p99 of each kind and the hit/miss ratios. The store-backed
//    cache serve uses (SQLite) and the in-memory one for contrast, each also full (every miss
//    evicts; the hit's entry must survive). See cache_latency.hpp.
// 2. Fetch throughput over the Python documentation (python3.11-doc, installed by ./dev deps; a
//    generated corpus, with a printed note, when it is missing): web_fetch with `cache = off`
//    against a plain Poco GET plus the same cleaning pipeline, and the same pages as text/plain
//    (no cleaning) against the GET alone. See fetch_throughput.hpp.
//
// The host is wired as `serve` wires it (bench_host.hpp): config loader, configured instances,
// outbound HTTP under `egress = allow:127.0.0.1/32`, run_pipeline, the host's cache.
//
//   build/bench/bench_web [--calls N] [--rounds N] [--page-kb KB] [--corpus DIR] [--max-mb MB]
#include "harness.hpp"
#include "ingest/corpus.hpp"
#include "web/bench_host.hpp"
#include "web/cache_latency.hpp"
#include "web/fetch_throughput.hpp"
#include "web/local_site.hpp"

#include "agenthost/json.hpp"

#include <ctime>
#include <iostream>
#include <stdexcept>
#include <thread>

#ifndef WEB_FETCH_PLUGIN
#error "WEB_FETCH_PLUGIN and the cleaning plugins' paths must be defined"
#endif

namespace web_bench {
namespace {

namespace json = agenthost::json;
using bench::detail::format_figure;
using bench::detail::format_fixed;
using bench::detail::quantile;

// Covers the largest page of the Python docs (contents.html, 2.5 MB; its text stays far below
// the token budget), so the throughput side neither refuses nor truncates a page.
constexpr const char* kCorpusMaxBytes = "8388608";
constexpr const char* kCorpusMaxTokens = "10000000";
constexpr int kFullCacheEntries = 100;

struct Options {
  int calls = 200;
  int rounds = 5;
  std::size_t page_kb = 50;
  std::string corpus = "/usr/share/doc/python3.11/html";
  double max_mb = 10;
  std::string command;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 0; i < argc; ++i) options.command += (i ? " " : "") + std::string(argv[i]);
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value (see the top of bench/web/main.cpp)");
    const std::string value = argv[++i];
    if (arg == "--calls") options.calls = std::max(1, std::stoi(value));
    else if (arg == "--rounds") options.rounds = std::max(1, std::stoi(value));
    else if (arg == "--page-kb") options.page_kb = std::max(1ul, std::stoul(value));
    else if (arg == "--corpus") options.corpus = value;
    else if (arg == "--max-mb") options.max_mb = std::stod(value);
    else throw std::invalid_argument("unknown option " + arg + " (see the top of bench/web/main.cpp)");
  }
  return options;
}

struct LoadedCorpus {
  std::vector<std::string> pages;
  std::string description;
};

LoadedCorpus load(const Options& options) {
  try {
    ingest_bench::Corpus corpus = ingest_bench::load_corpus(options.corpus, options.max_mb);
    return {std::move(corpus.pages), options.corpus + " (first " + format_figure(options.max_mb) + " MB in path order)"};
  } catch (const std::exception& error) {
    // Still a run, on pages of our own making; the note says the figures are not comparable.
    LoadedCorpus generated;
    double bytes = 0;
    for (std::size_t i = 0; bytes < options.max_mb * 1e6; ++i) {
      generated.pages.push_back(generated_article(20000 + (i * 37000) % 180000));
      bytes += static_cast<double>(generated.pages.back().size());
    }
    generated.description = "GENERATED pages (" + std::string(error.what()) + "); not comparable with the Python-docs figures";
    return generated;
  }
}

std::string config_text(const LocalSite& site) {
  std::string text = "[tool.fetch]\nplugin = web_fetch\negress = allow:127.0.0.1/32\n"
                     // A full cache: every miss evicts the least recently used entry (never the hit's).
                     "[tool.fetch_full]\nplugin = web_fetch\negress = allow:127.0.0.1/32\ncache_max_entries = " +
                     std::to_string(kFullCacheEntries) + "\n"
                     "[tool.fetch_uncached]\nplugin = web_fetch\negress = allow:127.0.0.1/32\ncache = off\n"
                     "max_bytes = " + std::string(kCorpusMaxBytes) + "\nmax_tokens = " + kCorpusMaxTokens + "\n";
#ifdef WEB_SEARCH_PLUGIN
  text += "[tool.search]\nplugin = web_search\nprovider = searxng\nbase_url = " + site.url("") +
          "\negress = allow:127.0.0.1/32\n";
#else
  (void)site;
#endif
  return text;
}

std::vector<std::string> plugin_files() {
  std::vector<std::string> files = {WEB_FETCH_PLUGIN, HTML_TO_TEXT_PLUGIN, NORMALIZE_UNICODE_PLUGIN,
                                    NORMALIZE_WHITESPACE_PLUGIN};
#ifdef WEB_SEARCH_PLUGIN
  files.push_back(WEB_SEARCH_PLUGIN);
#endif
  return files;
}

std::string arguments(const char* name, const std::string& value) {
  return json::dump(json::Value::object({{name, value}}));
}

LatencyCase fetch_case(const LocalSite& site, std::size_t page_kb, const std::string& tool = "fetch",
                       const std::string& qualifier = "") {
  return {"web_fetch, " + std::to_string(page_kb) + " KB HTML page" + qualifier, tool,
                   [&site](long n) { return arguments("url", site.url("/page?miss=" + std::to_string(n))); },
                   arguments("url", site.url("/page?hit")), [](const std::string& result) {
                     const json::Value parsed = json::parse(result);
                     return parsed["title"].as_string() + "\n" + parsed["text"].as_string();
                   }};
}

#ifdef WEB_SEARCH_PLUGIN
LatencyCase search_case() {
  return {"web_search, SearXNG JSON of 10 results, count = 5", "search",
                   [](long n) { return arguments("query", "egress policy " + std::to_string(n)); },
                   arguments("query", "egress policy cached"), [](const std::string& result) {
                     return std::to_string(json::parse(result)["results"].as_array().size()) + " results";
                   }};
}
#endif

std::string today() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &utc);
  return buffer;
}

std::string micros(double us) { return format_figure(us) + " µs"; }

void print_latency(const std::vector<LatencyResult>& results, int calls) {
  std::cout << "\n### Cache hit vs miss, per tool call (" << calls
            << " of each, alternating call by call)\n\n"
               "| tool call | host cache | miss p50 | miss p99 | hit p50 | hit p99 | hit/miss p50 | hit/miss p99 |"
               " evictions |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const LatencyResult& r : results) {
    const double miss50 = quantile(r.miss_us, 0.5), miss99 = quantile(r.miss_us, 0.99);
    const double hit50 = quantile(r.hit_us, 0.5), hit99 = quantile(r.hit_us, 0.99);
    std::cout << "| " << r.name << " | " << r.cache << " | " << micros(miss50) << " | " << micros(miss99) << " | " << micros(hit50)
              << " | " << micros(hit99) << " | **" << format_fixed(hit50 / miss50, 3) << "** | "
              << format_fixed(hit99 / miss99, 3) << " | " << r.evictions << " |\n";
  }
}

void print_throughput(const std::vector<ThroughputResult>& results, const std::string& corpus, int rounds) {
  const ThroughputResult& first = results.front();
  std::cout << "\n### Fetch throughput, " << first.pages << " pages, " << format_figure(first.html_bytes / 1e6)
            << " MB per pass, " << rounds << " round" << (rounds == 1 ? "" : "s") << "\n\ncorpus: " << corpus << "\n\n"
            << "| case | ours | reference | ours time | ref time | ours MB/s | ref MB/s | ratio | ratio p25-p75 |\n"
            << "|---|---|---|---:|---:|---:|---:|---:|---|\n";
  for (const ThroughputResult& r : results) {
    const double ours = quantile(r.ours_ms, 0.5), reference = quantile(r.reference_ms, 0.5);
    const double mb = r.html_bytes / 1e6;
    std::cout << "| " << r.name << " | " << r.ours << " | " << r.reference << " | " << format_figure(ours) << " ms | "
              << format_figure(reference) << " ms | " << format_figure(mb / (ours / 1000)) << " | "
              << format_figure(mb / (reference / 1000)) << " | **" << format_fixed(quantile(r.ratios, 0.5), 2)
              << "** | " << format_fixed(quantile(r.ratios, 0.25), 2) << "-" << format_fixed(quantile(r.ratios, 0.75), 2)
              << " |\n";
  }
  std::cout << "\n- MB/s = MB fetched (the page's bytes) per second; fetch + clean turns "
            << format_figure(first.html_bytes / 1e6) << " MB of HTML into " << format_figure(first.text_bytes / 1e6)
            << " MB of text; one connection per page on both sides\n";
}

int run(int argc, char** argv) {
  const Options options = parse(argc, argv);
  const LoadedCorpus corpus = load(options);
  const LocalSite site(generated_article(options.page_kb * 1000), corpus.pages);
  // serve's cache (the store) for everything; the in-memory cache once more for web_fetch, to
  // show what the store costs a hit and a miss.
  const BenchHost host(plugin_files(), config_text(site), CacheKind::store_sqlite);
  std::vector<LatencyResult> latencies;
  std::cerr << "measuring: web_fetch hit vs miss ...\n";
  latencies.push_back(measure_cache_latency(host, site, fetch_case(site, options.page_kb), options.calls));
  // Every timed miss evicts; the hit's entry, used between any two misses, never goes.
  LatencyCase full = fetch_case(site, options.page_kb, "fetch_full",
                                ", cache full (cache_max_entries = " + std::to_string(kFullCacheEntries) + ")");
  full.warm_misses = kFullCacheEntries;
  latencies.push_back(measure_cache_latency(host, site, full, options.calls));
  {
    const BenchHost in_memory(plugin_files(), config_text(site), CacheKind::in_memory);
    latencies.push_back(measure_cache_latency(in_memory, site, fetch_case(site, options.page_kb), options.calls));
    latencies.push_back(measure_cache_latency(in_memory, site, full, options.calls));
  }
#ifdef WEB_SEARCH_PLUGIN
  std::cerr << "measuring: web_search hit vs miss ...\n";
  latencies.push_back(measure_cache_latency(host, site, search_case(), options.calls));
#endif
  std::cerr << "measuring: fetch throughput over " << corpus.pages.size() << " pages ...\n";
  const std::vector<ThroughputResult> throughput =
      measure_fetch_throughput(host, site, corpus.pages, "fetch_uncached", options.rounds);

  std::cout << "\n## Web tools: web_fetch / web_search through the host\n\n"
            << "command: " << options.command << "\n"
            << "date: " << today() << ", " << std::thread::hardware_concurrency() << " cores, build "
            << AGENTHOST_BUILD_TYPE << "; local site: Poco HTTPServer on 127.0.0.1, egress = allow:127.0.0.1/32\n";
  print_latency(latencies, options.calls);
  print_throughput(throughput, corpus.description, options.rounds);
  std::cout << "- throughput: each round runs both sides over every page, interleaved page by page; ratio = ours / "
               "reference time, median of the per-round ratios (< 1: ours is faster); times are per-side medians\n"
            << "- latency: a miss fetches a never-seen URL (or query) and stores the answer; a hit repeats a cached "
               "one and reaches no server (checked)\n"
            << std::flush;
  return 0;
}

} // namespace
} // namespace web_bench

int main(int argc, char** argv) {
  try {
    return web_bench::run(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "bench_web: " << error.what() << "\n";
    return 1;
  }
}
