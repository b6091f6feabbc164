#include "search_hit.hpp"

#include "agenthost/url.hpp"

#include <gumbo.h>

#include <algorithm>
#include <memory>
#include <utility>

namespace web_search {

namespace {

using agenthost::json::Value;

// Elements whose text is not part of what a reader sees.
bool is_hidden(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_NOSCRIPT;
}

// Inline formatting (what providers put around matched words) joins text without a gap; every
// other element (<br>, <p>, <li>, ...) separates the words on either side of it.
bool is_inline(GumboTag tag) {
  switch (tag) {
  case GUMBO_TAG_A:
  case GUMBO_TAG_ABBR:
  case GUMBO_TAG_B:
  case GUMBO_TAG_CITE:
  case GUMBO_TAG_CODE:
  case GUMBO_TAG_DEL:
  case GUMBO_TAG_EM:
  case GUMBO_TAG_I:
  case GUMBO_TAG_INS:
  case GUMBO_TAG_KBD:
  case GUMBO_TAG_MARK:
  case GUMBO_TAG_Q:
  case GUMBO_TAG_S:
  case GUMBO_TAG_SMALL:
  case GUMBO_TAG_SPAN:
  case GUMBO_TAG_STRONG:
  case GUMBO_TAG_SUB:
  case GUMBO_TAG_SUP:
  case GUMBO_TAG_TIME:
  case GUMBO_TAG_U:
  case GUMBO_TAG_VAR: return true;
  default: return false;
  }
}

// Appends `text` to `out` with every run of whitespace (ASCII, or U+00A0 as entities give it)
// as one space; `pending_space` carries a run across pieces so "a</b> <b>b" keeps one space.
void append_collapsed(std::string& out, std::string_view text, bool& pending_space) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool nbsp = c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || nbsp) {
      pending_space = true;
      if (nbsp) ++i;
      continue;
    }
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    out += c;
  }
}

struct GumboOutputDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

// Cuts `text` to at most `max_bytes` on a UTF-8 character boundary, marking the cut.
std::string capped(std::string text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes - 3;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text + "...";
}

std::string string_or_empty(const Value* value) {
  return value && value->is_string() ? value->as_string() : std::string();
}

// url::parse refuses blanks, control characters and a bad host or port, and lower-cases the scheme.
// Non-ASCII characters (an IRI such as https://café.example/ as engines return it) are checked in
// their percent-encoded form, which is how web_fetch requests them.
bool is_web_url(const std::string& url) {
  if (url.size() > kMaxUrlBytes) return false;
  std::string ascii;
  for (const char c : url)
    ascii += static_cast<unsigned char>(c) >= 0x80 ? agenthost::url::percent_encode({&c, 1}) : std::string(1, c);
  const std::optional<agenthost::url::Url> parsed = agenthost::url::parse(ascii);
  return parsed && (parsed->scheme == "http" || parsed->scheme == "https") && !parsed->host.empty();
}

} // namespace

std::string plain_text(std::string_view html) {
  if (html.size() > kMaxMarkupBytes) {
    std::size_t cut = kMaxMarkupBytes;
    while (cut > 0 && (static_cast<unsigned char>(html[cut]) & 0xC0) == 0x80) --cut;
    html = html.substr(0, cut);
  }
  // Nothing to decode or drop: most SearXNG text is plain already, so skip the parser.
  if (html.find_first_of("<&") == std::string_view::npos) {
    std::string out;
    bool pending_space = false;
    append_collapsed(out, html, pending_space);
    return out;
  }
  GumboOptions options = kGumboDefaultOptions;
  options.fragment_context = GUMBO_TAG_DIV; // a snippet is the content of an element, not a page
  options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  const std::unique_ptr<GumboOutput, GumboOutputDeleter> output(
      gumbo_parse_with_options(&options, html.data(), html.size()));

  // Depth-first with an explicit stack: a hostile snippet nested 100 000 deep must not exhaust
  // the worker's stack.
  std::string out;
  bool pending_space = false;
  std::vector<const GumboNode*> stack{output->root};
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (!node) { // the end marker of a block element
      pending_space = true;
      continue;
    }
    switch (node->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
    case GUMBO_NODE_WHITESPACE: append_collapsed(out, node->v.text.text, pending_space); break;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE: {
      const GumboTag tag = node->v.element.tag;
      if (is_hidden(tag)) break;
      const bool block = !is_inline(tag);
      if (block) {
        pending_space = true;
        stack.push_back(nullptr);
      }
      const GumboVector& children = node->v.element.children;
      for (unsigned i = children.length; i > 0; --i)
        stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
      break;
    }
    case GUMBO_NODE_DOCUMENT: {
      const GumboVector& children = node->v.document.children;
      for (unsigned i = children.length; i > 0; --i)
        stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
      break;
    }
    default: break; // comments
    }
  }
  return out;
}

std::optional<SearchHit> make_hit(const Value* title, const Value* url, const Value* snippet) {
  SearchHit hit;
  hit.url = string_or_empty(url);
  hit.url.erase(0, std::min(hit.url.size(), hit.url.find_first_not_of(" \t\r\n")));
  while (!hit.url.empty() && (hit.url.back() == ' ' || hit.url.back() == '\n')) hit.url.pop_back();
  if (!is_web_url(hit.url)) return std::nullopt;
  hit.title = plain_text(string_or_empty(title));
  if (hit.title.empty()) hit.title = hit.url;
  hit.snippet = capped(plain_text(string_or_empty(snippet)), kMaxSnippetBytes);
  return hit;
}

bool add_hit(std::vector<SearchHit>& hits, std::optional<SearchHit> hit, std::size_t limit) {
  if (hits.size() >= limit) return true;
  if (hit && std::none_of(hits.begin(), hits.end(), [&](const SearchHit& h) { return h.url == hit->url; }))
    hits.push_back(std::move(*hit));
  return hits.size() >= limit;
}

Value hits_to_json(const std::vector<SearchHit>& hits) {
  Value results = Value::array();
  for (const SearchHit& hit : hits)
    results.push_back(Value::object({{"title", hit.title}, {"url", hit.url}, {"snippet", hit.snippet}}));
  return results;
}

std::vector<SearchHit> hits_from_json(const Value& results) {
  std::vector<SearchHit> hits;
  for (const Value& result : results.as_array())
    hits.push_back({result["title"].as_string(), result["url"].as_string(), result["snippet"].as_string()});
  return hits;
}

} // namespace web_search
