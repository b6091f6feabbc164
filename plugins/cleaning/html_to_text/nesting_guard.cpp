#include "nesting_guard.hpp"

#include <initializer_list>
#include <string>

namespace html_to_text {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool one_of(const std::string& name, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (name == n) return true;
  return false;
}

// Elements that never hold children, or whose end tag may be left out (so they do not nest).
bool does_not_nest(const std::string& name) {
  return one_of(name, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                       "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image", "p", "li", "dt", "dd", "tr",
                       "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt",
                       "rtc", "rp", "html", "head", "body"});
}

bool is_raw_text(const std::string& name) {
  return one_of(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"});
}

// The offset just past "</name" (any case) from `from`, or the end of the text.
std::size_t skip_raw_text(std::string_view html, std::size_t from, const std::string& name) {
  for (std::size_t i = html.find("</", from); i != std::string_view::npos; i = html.find("</", i + 2)) {
    std::size_t k = 0;
    while (k < name.size() && i + 2 + k < html.size() && lower(html[i + 2 + k]) == name[k]) ++k;
    if (k == name.size()) return i + 2 + k;
  }
  return html.size();
}

} // namespace

std::optional<std::size_t> excessive_nesting(std::string_view html, std::size_t limit) {
  std::size_t depth = 0, i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    const std::size_t tag_start = i++;
    if (html.compare(i, 3, "!--") == 0) {
      const std::size_t end = html.find("-->", i + 3);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const bool closing = i < html.size() && html[i] == '/';
    if (closing) ++i;
    if (i >= html.size() || !is_alpha(html[i])) continue;
    std::string name;
    while (i < html.size() && (is_alpha(html[i]) || (html[i] >= '0' && html[i] <= '9') || html[i] == '-'))
      name.push_back(lower(html[i++]));
    const std::size_t end = html.find('>', i);
    if (end == std::string_view::npos) break;
    const bool self_closing = html[end - 1] == '/';
    i = end + 1;
    if (does_not_nest(name)) continue;
    if (closing) {
      if (depth > 0) --depth;
    } else if (is_raw_text(name)) {
      i = skip_raw_text(html, i, name);
    } else if (!self_closing && ++depth > limit) {
      return tag_start;
    }
  }
  return std::nullopt;
}

} // namespace html_to_text
