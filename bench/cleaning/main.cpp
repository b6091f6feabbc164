// bench_cleaning: throughput of the cleaning steps on a real HTML corpus, the documentation
// Debian's python3.11-doc package installs (/usr/share/doc/python3.11/html, about 50 MB in 530
// pages; AGENTHOST_HTML_CORPUS=DIR picks another directory of .html files).
//
// Cases (each interleaved round by round against its reference, see harness.hpp):
//   html_to_text           the step (nesting pre-scan + libgumbo parse + tree walk + layout) against the
//                          libgumbo parse alone: the floor of any gumbo-based extractor, so the
//                          ratio is what our rendering adds on top of parsing.
//   HTML default pipeline  html_to_text -> normalize_unicode -> normalize_whitespace, the
//                          built-in pipeline for text/html, against the same parse floor.
//   normalize_unicode      over the extracted text, against utf8proc's NFC of the same text
//                          (the library call alone, which does not repair, strip or stream).
// Then one untimed-by-the-harness pass of html_to_text over the whole corpus, printed as MB/s.
// The timed cases use every 8th page (about 6 MB) so a default run stays around a minute.
#include "harness.hpp"

#include "html_renderer.hpp"
#include "nesting_guard.hpp"
#include "unicode_cleaner.hpp"
#include "whitespace.hpp"

#include <gumbo.h>
#include <utf8proc.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Corpus {
  std::vector<std::string> pages;
  double bytes = 0;
};

Corpus load_corpus(const fs::path& dir, std::size_t every_nth) {
  std::vector<fs::path> paths;
  std::error_code error;
  for (fs::recursive_directory_iterator it(dir, error), end; !error && it != end; it.increment(error))
    if (it->is_regular_file() && it->path().extension() == ".html") paths.push_back(it->path());
  std::sort(paths.begin(), paths.end());
  Corpus corpus;
  for (std::size_t i = 0; i < paths.size(); i += every_nth) {
    std::ifstream in(paths[i], std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    corpus.bytes += static_cast<double>(text.str().size());
    corpus.pages.push_back(text.str());
  }
  return corpus;
}

// What the html_to_text plugin does per page: the nesting pre-scan, then parse and render.
std::string html_to_text_step(const std::string& page, const html_to_text::Options& options) {
  if (html_to_text::excessive_nesting(page)) bench::mismatch("a corpus page was refused as too deeply nested");
  return html_to_text::render(page, options).text;
}

std::size_t render_all(const Corpus& corpus) {
  const html_to_text::Options options;
  std::size_t chars = 0;
  for (const std::string& page : corpus.pages) chars += html_to_text_step(page, options).size();
  return chars;
}

std::size_t default_pipeline(const Corpus& corpus) {
  const html_to_text::Options options;
  std::size_t chars = 0;
  for (const std::string& page : corpus.pages) {
    normalize_unicode::Findings findings;
    const std::string text =
        normalize_unicode::clean(html_to_text_step(page, options), normalize_unicode::OnInvalid::repair, findings);
    chars += normalize_whitespace::normalize(text, {}).size();
  }
  return chars;
}

std::size_t parse_only(const Corpus& corpus) {
  std::size_t nodes = 0;
  for (const std::string& page : corpus.pages) {
    GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, page.data(), page.size());
    nodes += output->root->v.element.children.length;
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
  return nodes;
}

std::size_t utf8proc_nfc(const std::string& text) {
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t n =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()), static_cast<utf8proc_ssize_t>(text.size()),
                   &mapped, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  std::free(mapped);
  return static_cast<std::size_t>(n);
}

} // namespace

int main(int argc, char** argv) {
  bench::Session session(argc, argv, "Cleaning steps: html_to_text and the default HTML pipeline on the Python docs");
  const char* override_dir = std::getenv("AGENTHOST_HTML_CORPUS");
  const fs::path dir = override_dir ? override_dir : "/usr/share/doc/python3.11/html";
  const Corpus sample = load_corpus(dir, 8);
  if (sample.pages.empty()) {
    std::cerr << "bench_cleaning: no .html files under " << dir
              << "; install the Debian package python3.11-doc (./dev deps does) or set AGENTHOST_HTML_CORPUS=DIR\n";
    return 2;
  }
  // Both sides must handle every page; our side must also find text in every one of them.
  for (const std::string& page : sample.pages)
    if (html_to_text::render(page, {}).text.empty()) bench::mismatch("html_to_text found no text in a corpus page");

  session.compare({"html_to_text (" + std::to_string(sample.pages.size()) + " pages)", "html_to_text",
                   "gumbo parse only", sample.bytes},
                  [&] { return render_all(sample); }, [&] { return parse_only(sample); });
  session.compare({"HTML default pipeline", "html_to_text+unicode+whitespace", "gumbo parse only", sample.bytes},
                  [&] { return default_pipeline(sample); }, [&] { return parse_only(sample); });

  std::string text;
  for (const std::string& page : sample.pages) text += html_to_text::render(page, {}).text + "\f";
  session.compare({"normalize_unicode (extracted text)", "normalize_unicode", "utf8proc NFC only",
                   static_cast<double>(text.size())},
                  [&] {
                    normalize_unicode::Findings findings;
                    return normalize_unicode::clean(text, normalize_unicode::OnInvalid::repair, findings).size();
                  },
                  [&] { return utf8proc_nfc(text); });

  if (session.selects("whole corpus")) {
    const Corpus all = load_corpus(dir, 1);
    // CPU time too: on a loaded machine the wall clock counts other processes' time slices.
    const std::clock_t cpu_start = std::clock();
    const auto start = std::chrono::steady_clock::now();
    const std::size_t chars = render_all(all);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const double megabytes = all.bytes / 1e6;
    session.note("whole corpus, one pass of html_to_text on one thread: " + std::to_string(all.pages.size()) +
                 " pages, " + bench::detail::format_figure(megabytes) + " MB of HTML -> " +
                 bench::detail::format_figure(static_cast<double>(chars) / 1e6) + " MB of text in " +
                 bench::detail::format_figure(seconds) + " s wall = **" +
                 bench::detail::format_figure(megabytes / seconds) + " MB/s**; " +
                 bench::detail::format_figure(cpu_seconds) + " s CPU = **" +
                 bench::detail::format_figure(megabytes / cpu_seconds) + " MB/s per core**");
  }
  session.note("corpus: " + dir.string() + " (timed cases: every 8th page, " +
               bench::detail::format_figure(sample.bytes / 1e6) + " MB)");
  return session.finish();
}
