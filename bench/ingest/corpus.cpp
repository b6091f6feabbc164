#include "corpus.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ingest_bench {

Corpus load_corpus(const std::string& dir, double max_mb) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    throw std::runtime_error("no corpus at " + dir + " (install python3.11-doc with ./dev deps, or pass --corpus DIR)");
  }
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".html") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  Corpus corpus;
  for (const fs::path& file : files) {
    if (max_mb > 0 && static_cast<double>(corpus.bytes) >= max_mb * 1e6) break;
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    corpus.bytes += text.str().size();
    corpus.pages.push_back(text.str());
  }
  if (corpus.pages.empty()) throw std::runtime_error("no .html files under " + dir);
  return corpus;
}

} // namespace ingest_bench
