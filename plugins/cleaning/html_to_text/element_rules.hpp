// Which HTML elements html_to_text shows, hides and how it lays them out. One place for the
// element lists, so the README's table and the renderer cannot drift apart.
#pragma once

#include <gumbo.h>

#include <string>

namespace html_to_text {

enum class BlockKind {
  inline_content, // span, a, b, code, ...: text flows on
  line,           // div, dt, figcaption, ...: starts and ends a line
  section,        // article, main, section: a line block inside which header/footer are content
  paragraph,      // p, blockquote, pre, ...: a blank line before and after
  separator,      // hr: a paragraph break and nothing else
  heading,        // h1..h6
  list,           // ul, ol, menu
  list_item,      // li (outside a list: "- " too)
  definition,     // dd: indented by two spaces
  table
};

BlockKind block_kind(GumboTag tag);
int heading_level(GumboTag tag); // 1..6

// Not content: scripts, styles, templates, forms, embedded frames and graphics, navigation and
// complementary landmarks, and page-level header/footer. `page_level` is true outside any
// <article>/<main>/<section>, where <header>/<footer> are the site's banner and footer rather
// than an article's title block or byline (the HTML spec's banner/contentinfo rule).
bool is_dropped(const GumboElement& element, bool page_level);

// The hidden attribute, aria-hidden="true", or an inline style with display:none or
// visibility:hidden.
bool is_hidden(const GumboElement& element);

// A heading's permalink anchor, as documentation generators (Sphinx, MkDocs, ...) add them: a
// link to a fragment whose whole text is one of the markers "¶", "§", "#" or "🔗".
bool is_permalink(const GumboElement& element);

// <main> or role="main".
bool is_main(const GumboElement& element);

// Whether a link target is worth showing: not a fragment, javascript:, mailto-less empty href.
bool shows_url(const char* href);

// <ol start="N">, 1 by default.
long list_start(const GumboElement& element);

} // namespace html_to_text
