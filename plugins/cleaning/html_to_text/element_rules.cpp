#include "element_rules.hpp"

#include <cstdlib>
#include <cstring>
#include <string_view>

namespace html_to_text {
namespace {

std::string lowercase_without_spaces(const char* value) {
  std::string out;
  for (const char* p = value; *p; ++p) {
    const char c = *p;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

bool attribute_is(const GumboElement& element, const char* name, std::string_view expected) {
  const GumboAttribute* a = gumbo_get_attribute(&element.attributes, name);
  return a && lowercase_without_spaces(a->value) == expected;
}

} // namespace

BlockKind block_kind(GumboTag tag) {
  switch (tag) {
  case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
  case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    return BlockKind::heading;
  case GUMBO_TAG_P: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_LISTING:
  case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_XMP: case GUMBO_TAG_DL: case GUMBO_TAG_FIGURE:
  case GUMBO_TAG_ADDRESS: case GUMBO_TAG_DETAILS: case GUMBO_TAG_FIELDSET:
    return BlockKind::paragraph;
  case GUMBO_TAG_HR:
    return BlockKind::separator;
  case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_MENU: case GUMBO_TAG_DIR:
    return BlockKind::list;
  case GUMBO_TAG_LI:
    return BlockKind::list_item;
  case GUMBO_TAG_DD:
    return BlockKind::definition;
  case GUMBO_TAG_TABLE:
    return BlockKind::table;
  case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_SECTION:
    return BlockKind::section;
  case GUMBO_TAG_HTML: case GUMBO_TAG_BODY: case GUMBO_TAG_DIV: case GUMBO_TAG_HEADER:
  case GUMBO_TAG_FOOTER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_DT: case GUMBO_TAG_FIGCAPTION:
  case GUMBO_TAG_SUMMARY: case GUMBO_TAG_CAPTION: case GUMBO_TAG_CENTER: case GUMBO_TAG_LEGEND:
  case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_THEAD:
  case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT: case GUMBO_TAG_OPTGROUP:
    return BlockKind::line;
  default:
    return BlockKind::inline_content;
  }
}

int heading_level(GumboTag tag) {
  switch (tag) {
  case GUMBO_TAG_H1: return 1;
  case GUMBO_TAG_H2: return 2;
  case GUMBO_TAG_H3: return 3;
  case GUMBO_TAG_H4: return 4;
  case GUMBO_TAG_H5: return 5;
  default: return 6;
  }
}

bool is_dropped(const GumboElement& element, bool page_level) {
  switch (element.tag) {
  case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
  case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM:
  case GUMBO_TAG_IFRAME: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_SVG:
  case GUMBO_TAG_MATH: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS:
  case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT:
  case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_INPUT: case GUMBO_TAG_MAP:
    return true;
  case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
    return page_level;
  default:
    break;
  }
  // Landmark roles on generic elements mean the same as the elements above (Sphinx, for one,
  // marks its navigation bars as <div role="navigation">).
  const GumboAttribute* role = gumbo_get_attribute(&element.attributes, "role");
  if (!role) return false;
  const std::string r = lowercase_without_spaces(role->value);
  if (r == "navigation" || r == "complementary" || r == "search") return true;
  return page_level && (r == "banner" || r == "contentinfo");
}

bool is_hidden(const GumboElement& element) {
  if (gumbo_get_attribute(&element.attributes, "hidden")) return true;
  if (attribute_is(element, "aria-hidden", "true")) return true;
  const GumboAttribute* style = gumbo_get_attribute(&element.attributes, "style");
  if (!style) return false;
  const std::string s = lowercase_without_spaces(style->value);
  return s.find("display:none") != std::string::npos || s.find("visibility:hidden") != std::string::npos;
}

bool is_permalink(const GumboElement& element) {
  if (element.tag != GUMBO_TAG_A || element.children.length != 1) return false;
  const GumboAttribute* href = gumbo_get_attribute(&element.attributes, "href");
  const auto* text = static_cast<const GumboNode*>(element.children.data[0]);
  if (!href || href->value[0] != '#' || text->type != GUMBO_NODE_TEXT) return false;
  const std::string_view marker = text->v.text.text;
  return marker == "\xc2\xb6" || marker == "\xc2\xa7" || marker == "#" || marker == "\xf0\x9f\x94\x97";
}

bool is_main(const GumboElement& element) {
  return element.tag == GUMBO_TAG_MAIN || attribute_is(element, "role", "main");
}

bool shows_url(const char* href) {
  const std::string h = lowercase_without_spaces(href);
  return !h.empty() && h[0] != '#' && h.rfind("javascript:", 0) != 0;
}

long list_start(const GumboElement& element) {
  const GumboAttribute* start = gumbo_get_attribute(&element.attributes, "start");
  if (!start) return 1;
  char* end = nullptr;
  const long n = std::strtol(start->value, &end, 10);
  return end != start->value && n > -1000000 && n < 1000000 ? n : 1;
}

} // namespace html_to_text
