#include "repeated_lines.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace dedupe_lines {
namespace {

struct Line {
  std::string_view text;
  bool blank = true;
  bool removed = false;
};

using Page = std::vector<Line>;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v'; }

// The comparison key: digit runs become '#', letters are lower-cased, spacing is collapsed.
std::string key_of(std::string_view line) {
  std::string key;
  key.reserve(line.size());
  bool space = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (is_space(c)) {
      space = !key.empty();
      continue;
    }
    if (space) key.push_back(' ');
    space = false;
    if (c >= '0' && c <= '9') {
      if (key.empty() || key.back() != '#') key.push_back('#');
      continue;
    }
    key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return key;
}

std::vector<Page> split_pages(std::string_view text) {
  std::vector<Page> pages(1);
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '\n' && text[i] != '\f') continue;
    Line line{text.substr(start, i - start)};
    line.blank = std::all_of(line.text.begin(), line.text.end(), is_space);
    pages.back().push_back(line);
    if (i < text.size() && text[i] == '\f') pages.emplace_back();
    start = i + 1;
  }
  return pages;
}

// Indexes of the first and last `count` non-blank lines of a page (each once).
std::vector<std::size_t> edge_indexes(const Page& page, std::size_t count) {
  std::vector<std::size_t> top, bottom;
  for (std::size_t i = 0; i < page.size() && top.size() < count; ++i)
    if (!page[i].blank) top.push_back(i);
  for (std::size_t i = page.size(); i-- > 0 && bottom.size() < count;)
    if (!page[i].blank) bottom.push_back(i);
  for (std::size_t i : bottom)
    if (std::find(top.begin(), top.end(), i) == top.end()) top.push_back(i);
  return top;
}

std::string join(const std::vector<Page>& pages) {
  std::string out;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    if (p > 0) out.push_back('\f');
    const Page& page = pages[p];
    std::size_t first = 0, end = page.size();
    if (std::any_of(page.begin(), page.end(), [](const Line& l) { return l.removed; })) {
      // Blank lines that the removal left at the page's edges go with it.
      const auto kept_text = [](const Line& l) { return !l.removed && !l.blank; };
      first = static_cast<std::size_t>(std::find_if(page.begin(), page.end(), kept_text) - page.begin());
      end = first;
      for (std::size_t i = first; i < page.size(); ++i)
        if (kept_text(page[i])) end = i + 1;
    }
    bool wrote = false;
    for (std::size_t i = first; i < end; ++i) {
      if (page[i].removed) continue;
      if (wrote) out.push_back('\n');
      out.append(page[i].text);
      wrote = true;
    }
  }
  return out;
}

} // namespace

Result remove_repeated(std::string_view text, const Options& options) {
  std::vector<Page> pages = split_pages(text);
  const std::size_t needed = std::max<std::size_t>(
      options.min_pages, static_cast<std::size_t>(std::ceil(options.min_fraction * static_cast<double>(pages.size()))));
  if (pages.size() < options.min_pages || needed > pages.size()) return {std::string(text), 0};

  // How many pages have each key at an edge (a page counts once per key).
  std::vector<std::vector<std::pair<std::size_t, std::string>>> edges(pages.size());
  std::unordered_map<std::string, std::size_t> pages_with_key;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    std::unordered_set<std::string> seen;
    for (std::size_t i : edge_indexes(pages[p], options.edge_lines)) {
      std::string key = key_of(pages[p][i].text);
      if (seen.insert(key).second) ++pages_with_key[key];
      edges[p].emplace_back(i, std::move(key));
    }
  }

  Result result;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    for (const auto& [i, key] : edges[p]) {
      if (pages_with_key[key] < needed) continue;
      pages[p][i].removed = true;
      ++result.removed_lines;
    }
  }
  result.text = result.removed_lines > 0 ? join(pages) : std::string(text);
  return result;
}

} // namespace dedupe_lines
