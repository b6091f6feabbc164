#include "estimate_error.hpp"

#include "harness.hpp"
#include "plugins/token_estimate.hpp"

#include "agenthost/json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#if !defined(AGENTHOST_SOURCE_DIR) || !defined(CL100K_COUNT_SCRIPT)
#error "AGENTHOST_SOURCE_DIR and CL100K_COUNT_SCRIPT must be defined"
#endif

namespace context_bench {
namespace {

namespace fs = std::filesystem;

struct Sample {
  std::string category; // prose, code, JSON, CJK
  std::string name;
  std::string source;   // where the text comes from
  std::string text;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The files' texts concatenated (missing files skipped), at most `limit` bytes cut on a line end.
std::string read_files(const std::vector<fs::path>& paths, std::size_t limit = 200000) {
  std::string text;
  for (const fs::path& p : paths)
    if (fs::is_regular_file(p)) text += read_file(p) + "\n";
  if (text.size() > limit) text.resize(text.rfind('\n', limit) + 1);
  return text;
}

std::vector<fs::path> files_in(const fs::path& dir, const std::string& extension) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == extension) out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Sample> samples() {
  const fs::path root = AGENTHOST_SOURCE_DIR;
  const fs::path licenses = "/usr/share/common-licenses";
  const fs::path tutorial = "/usr/share/doc/python3.11/html/_sources/tutorial";
  const fs::path tutor = "/usr/share/vim/vim90/tutor";
  std::vector<Sample> list = {
      {"prose", "GPL-3 licence", "/usr/share/common-licenses/GPL-3 (Debian base-files)", read_files({licenses / "GPL-3"})},
      {"prose", "Apache-2.0 licence", "/usr/share/common-licenses/Apache-2.0", read_files({licenses / "Apache-2.0"})},
      {"prose", "Python tutorial", "python3.11-doc: tutorial/{introduction,controlflow,classes}.rst.txt",
       read_files({tutorial / "introduction.rst.txt", tutorial / "controlflow.rst.txt", tutorial / "classes.rst.txt"})},
      {"code", "C++ (host/runtime)", "our host/runtime/*.cpp, first 200 KB", read_files(files_in(root / "host/runtime", ".cpp"))},
      {"code", "C++ headers (SDK)", "our sdk/include/agenthost/*.hpp", read_files(files_in(root / "sdk/include/agenthost", ".hpp"))},
      {"JSON", "OpenAPI document", "our docs/openapi.json (pretty-printed)", read_files({root / "docs/openapi.json"})},
      {"CJK", "Chinese (vim tutor)", "vim-runtime: /usr/share/vim/vim90/tutor/tutor.zh_cn.utf-8", read_files({tutor / "tutor.zh_cn.utf-8"})},
      {"CJK", "Japanese (vim tutor)", "vim-runtime: /usr/share/vim/vim90/tutor/tutor.ja.utf-8", read_files({tutor / "tutor.ja.utf-8"})},
  };
  // The same JSON minified: what a tool result or request body usually looks like.
  try {
    list.push_back({"JSON", "OpenAPI, minified", "docs/openapi.json through json::dump",
                    agenthost::json::dump(agenthost::json::parse(list[5].text))});
  } catch (const std::exception&) {
  }
  return list;
}

// The text cut at line ends into pieces of about `size` bytes (a message-sized view of it).
std::vector<std::string> chunks_of(const std::string& text, std::size_t size = 2000) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', std::min(text.size(), start + size));
    end = end == std::string::npos ? text.size() : end + 1;
    out.push_back(text.substr(start, end - start));
    start = end;
  }
  return out;
}

double margin_needed(std::int64_t exact, std::int64_t estimate) {
  return std::max(0.0, static_cast<double>(exact) / static_cast<double>(std::max<std::int64_t>(estimate, 1)) - 1);
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// cl100k counts for the files, by running the node script once; throws with the reason.
agenthost::json::Value exact_counts(const std::vector<std::string>& files) {
  std::string command = "node " + shell_quote(CL100K_COUNT_SCRIPT);
  for (const std::string& f : files) command += " " + shell_quote(f);
  command += " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run node");
  std::string output;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int status = ::pclose(pipe);
  if (status != 0) throw std::runtime_error("node failed (run ./dev deps for node and js-tiktoken): " + output);
  return agenthost::json::parse(output);
}

} // namespace

std::string estimate_error_table() {
  std::vector<Sample> list = samples();
  const fs::path dir = fs::temp_directory_path() / ("bench_context_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::vector<std::string> files, all_files;
  std::vector<std::vector<std::string>> chunk_files(list.size());
  std::vector<std::vector<std::string>> chunk_texts(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    files.push_back((dir / ("sample" + std::to_string(i) + ".txt")).string());
    std::ofstream(files.back(), std::ios::binary) << list[i].text;
    all_files.push_back(files.back());
    chunk_texts[i] = chunks_of(list[i].text);
    for (std::size_t j = 0; j < chunk_texts[i].size(); ++j) {
      chunk_files[i].push_back((dir / ("sample" + std::to_string(i) + "_" + std::to_string(j) + ".txt")).string());
      std::ofstream(chunk_files[i].back(), std::ios::binary) << chunk_texts[i][j];
      all_files.push_back(chunk_files[i].back());
    }
  }
  agenthost::json::Value counts;
  try {
    counts = exact_counts(all_files);
  } catch (const std::exception& e) {
    fs::remove_all(dir);
    return "\n### char_ratio estimate vs cl100k\n\nnot measured: " + std::string(e.what()) + "\n";
  }
  fs::remove_all(dir);

  std::ostringstream out;
  out << "\n### char_ratio estimate vs exact cl100k_base counts (js-tiktoken)\n\n"
         "estimate = the host's plugins::estimate_tokens(text, char_ratio 4.0) = ceil(code points / 4); error = "
         "(estimate - exact) / exact; margin needed = exact / estimate - 1 (what safety_margin must be for the "
         "estimate not to undercount); per 2 KB piece: the same over the sample cut into ~2000-byte pieces at line ends "
         "(message-sized), the 90th percentile and the worst piece\n\n"
         "| category | sample | source | chars | exact tokens | estimate | error | chars/token | margin needed | "
         "per 2 KB piece: p90 / worst margin |\n"
         "|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
  double worst_other = 0, worst_cjk = 0, worst_other_p90 = 0;
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Sample& s = list[i];
    if (s.text.empty()) {
      missing.push_back(s.name + " (" + s.source + ")");
      continue;
    }
    const std::int64_t exact = counts[files[i]].as_int();
    const std::int64_t chars = agenthost::plugins::count_code_points(s.text);
    const std::int64_t estimate = agenthost::plugins::estimate_tokens(s.text, 4.0);
    const double error = static_cast<double>(estimate - exact) / static_cast<double>(exact);
    const double margin = margin_needed(exact, estimate);
    (s.category == "CJK" ? worst_cjk : worst_other) = std::max(s.category == "CJK" ? worst_cjk : worst_other, margin);
    std::vector<double> piece_margins;
    for (std::size_t j = 0; j < chunk_files[i].size(); ++j)
      piece_margins.push_back(margin_needed(counts[chunk_files[i][j]].as_int(),
                                            agenthost::plugins::estimate_tokens(chunk_texts[i][j], 4.0)));
    const double p90 = bench::detail::quantile(piece_margins, 0.9);
    const double worst_piece = *std::max_element(piece_margins.begin(), piece_margins.end());
    if (s.category != "CJK") worst_other_p90 = std::max(worst_other_p90, p90);
    out << "| " << s.category << " | " << s.name << " | " << s.source << " | " << chars << " | " << exact << " | "
        << estimate << " | " << (error >= 0 ? "+" : "") << bench::detail::format_fixed(error * 100, 1) << "% | "
        << bench::detail::format_fixed(static_cast<double>(chars) / static_cast<double>(exact), 2) << " | "
        << bench::detail::format_fixed(margin * 100, 1) << "% | " << bench::detail::format_fixed(p90 * 100, 1) << "% / "
        << bench::detail::format_fixed(worst_piece * 100, 1) << "% |\n";
  }
  // The margin recommended: covers the worst non-CJK sample whole and 90% of its message-sized
  // pieces (a context is many messages, whose errors partly cancel), rounded up to a whole 5%.
  const double recommended = std::ceil(std::max(worst_other, worst_other_p90) * 20 - 1e-9) / 20;
  out << "\n- worst non-CJK sample needs a safety margin of " << bench::detail::format_fixed(worst_other * 100, 1)
      << "% whole, " << bench::detail::format_fixed(worst_other_p90 * 100, 1)
      << "% for 90% of its 2 KB pieces; recommended default safety_margin = "
      << bench::detail::format_fixed(recommended, 2) << "\n";
  out << "- worst CJK undercount needs " << bench::detail::format_fixed(worst_cjk * 100, 1)
      << "%: beyond any sensible margin (safety_margin is capped at 0.5); set char_ratio for CJK-heavy models "
         "(chars/token column) instead\n";
  for (const std::string& m : missing) out << "- not measured (file missing): " << m << "\n";
  return out.str();
}

} // namespace context_bench
