// web_search: one search result as the model reads it (title, url, snippet), and the one place
// where every provider's text is cleaned. Providers hand over what their JSON says; make_hit
// turns it into readable text, so SearXNG and Brave results look alike to the model.
#pragma once

#include "agenthost/json.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace web_search {

struct SearchHit {
  std::string title;
  std::string url;
  std::string snippet;
};

// Longest snippet kept, in bytes (cut on a UTF-8 boundary, "..." marking the cut): some engines
// return whole paragraphs, and a model choosing which page to fetch needs the gist only.
inline constexpr std::size_t kMaxSnippetBytes = 600;

// Longest result URL kept, in bytes: real page addresses are far shorter, and a provider's
// megabyte-long "URL" would go to the model whole.
inline constexpr std::size_t kMaxUrlBytes = 2048;

// Most markup read per text, in bytes: snippets are short, and an HTML parser's cost grows with
// the square of the nesting depth, so a hostile provider's megabyte of "<span>" stops here.
inline constexpr std::size_t kMaxMarkupBytes = 4 * 1024;

// The readable text of a provider's HTML-ish string ("<strong>C++</strong> &amp; Boost"):
// tags dropped (script and style with their content), every named and numeric entity decoded
// (libgumbo, a conforming HTML5 parser), whitespace (and no-break spaces) collapsed to single
// spaces, trimmed. Only the first kMaxMarkupBytes are read.
std::string plain_text(std::string_view html);

// A hit from a provider's raw fields (any of them may be missing or not a string). Title and
// snippet go through plain_text; the snippet is capped at kMaxSnippetBytes; a missing title
// becomes the URL. Nullopt when the URL is not one web_fetch could fetch as it is (an absolute
// http(s) URL with a host, no blanks or control characters, at most kMaxUrlBytes; javascript: and
// data: URLs are dropped): a result the model cannot open is noise, or an attack.
std::optional<SearchHit> make_hit(const agenthost::json::Value* title, const agenthost::json::Value* url,
                                  const agenthost::json::Value* snippet);

// Adds `hit` unless `hits` already has its URL or is full (`limit`); returns whether it is full.
bool add_hit(std::vector<SearchHit>& hits, std::optional<SearchHit> hit, std::size_t limit);

// The "results" array of the tool's answer: [{"title","url","snippet"}], and back (for the cache;
// throws agenthost::json::TypeError on a value of another shape).
agenthost::json::Value hits_to_json(const std::vector<SearchHit>& hits);
std::vector<SearchHit> hits_from_json(const agenthost::json::Value& results);

} // namespace web_search
