#include "html_renderer.hpp"

#include "element_rules.hpp"
#include "text_writer.hpp"

#include <gumbo.h>

#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

namespace html_to_text {
namespace {

// Beyond this depth the tree is rendered as flat text: a hostile page with 100 000 nested
// elements must not exhaust the stack of a worker thread.
constexpr int kMaxStructuredDepth = 200;

const GumboVector& children_of(const GumboNode* node) {
  return node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
}

const GumboNode* child(const GumboVector& children, unsigned i) { return static_cast<const GumboNode*>(children.data[i]); }

// Collapses line breaks left by block elements inside inline-only places (a cell, a heading).
std::string single_line(const std::string& text) {
  TextWriter line;
  line.text(text);
  return line.take();
}

class Renderer {
public:
  explicit Renderer(const Options& options) : options_(options) {}

  void node(const GumboNode* n, TextWriter& out, int depth) {
    switch (n->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_CDATA:
    case GUMBO_NODE_WHITESPACE:
      if (pre_depth_ > 0) out.verbatim(n->v.text.text);
      else out.text(n->v.text.text);
      return;
    case GUMBO_NODE_DOCUMENT:
      children(n, out, depth);
      return;
    case GUMBO_NODE_ELEMENT:
      element(n, out, depth);
      return;
    default: // comments; template contents (GUMBO_NODE_TEMPLATE) are never shown
      return;
    }
  }

  // The element whose content is rendered: <main> or role="main", else null (see articles()).
  // Searches no deeper than the structured rendering goes (and so never exhausts the stack).
  static const GumboNode* find_main(const GumboNode* n, int depth = 0) {
    if (depth > kMaxStructuredDepth || (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT)) return nullptr;
    if (n->type == GUMBO_NODE_ELEMENT) {
      if (is_dropped(n->v.element, true) || is_hidden(n->v.element)) return nullptr;
      if (is_main(n->v.element)) return n;
    }
    const GumboVector& kids = children_of(n);
    for (unsigned i = 0; i < kids.length; ++i)
      if (const GumboNode* found = find_main(child(kids, i), depth + 1)) return found;
    return nullptr;
  }

  // The outermost visible <article> elements, in document order.
  static void find_articles(const GumboNode* n, std::vector<const GumboNode*>& found, int depth = 0) {
    if (depth > kMaxStructuredDepth || (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT)) return;
    if (n->type == GUMBO_NODE_ELEMENT) {
      if (is_dropped(n->v.element, true) || is_hidden(n->v.element)) return;
      if (n->v.element.tag == GUMBO_TAG_ARTICLE) {
        found.push_back(n);
        return;
      }
    }
    const GumboVector& kids = children_of(n);
    for (unsigned i = 0; i < kids.length; ++i) find_articles(child(kids, i), found, depth + 1);
  }

private:
  void children(const GumboNode* n, TextWriter& out, int depth) {
    const GumboVector& kids = children_of(n);
    for (unsigned i = 0; i < kids.length; ++i) node(child(kids, i), out, depth + 1);
  }

  std::string inline_text(const GumboNode* n, int depth) {
    TextWriter inner;
    children(n, inner, depth);
    return single_line(inner.str());
  }

  void element(const GumboNode* n, TextWriter& out, int depth) {
    const GumboElement& e = n->v.element;
    if (is_dropped(e, sectioning_depth_ == 0) || is_hidden(e) || is_permalink(e)) return;
    if (depth > kMaxStructuredDepth) {
      flat_text(n, out);
      return;
    }
    BlockKind kind = block_kind(e.tag);
    if (kind == BlockKind::line && is_main(e)) kind = BlockKind::section; // <div role="main">
    switch (kind) {
    case BlockKind::inline_content:
      if (e.tag == GUMBO_TAG_BR) out.hard_break();
      else if (e.tag == GUMBO_TAG_A && options_.keep_link_urls) link(n, out, depth);
      else children(n, out, depth);
      return;
    case BlockKind::line:
      out.line_break();
      children(n, out, depth);
      out.line_break();
      return;
    case BlockKind::section: {
      ++sectioning_depth_;
      out.line_break();
      children(n, out, depth);
      out.line_break();
      --sectioning_depth_;
      return;
    }
    case BlockKind::paragraph:
      out.paragraph_break();
      if (e.tag == GUMBO_TAG_PRE) ++pre_depth_;
      children(n, out, depth);
      if (e.tag == GUMBO_TAG_PRE) --pre_depth_;
      out.paragraph_break();
      return;
    case BlockKind::separator:
      out.paragraph_break();
      return;
    case BlockKind::heading:
      heading(n, out, depth);
      return;
    case BlockKind::list:
      list(n, out, depth);
      return;
    case BlockKind::list_item:
      list_item(n, out, depth, "- ");
      return;
    case BlockKind::definition:
      out.line_break();
      out.push_prefix("  ", "  ");
      children(n, out, depth);
      out.pop_prefix();
      out.line_break();
      return;
    case BlockKind::table:
      table(n, out, depth);
      return;
    }
  }

  void heading(const GumboNode* n, TextWriter& out, int depth) {
    const std::string text = inline_text(n, depth);
    out.paragraph_break();
    if (!text.empty()) {
      if (options_.markdown_headings) out.text(std::string(heading_level(n->v.element.tag), '#') + " ");
      out.text(text);
    }
    out.paragraph_break();
  }

  void link(const GumboNode* n, TextWriter& out, int depth) {
    const std::string text = inline_text(n, depth);
    const GumboAttribute* href = gumbo_get_attribute(&n->v.element.attributes, "href");
    out.text(text);
    if (!text.empty() && href && shows_url(href->value) && text != href->value) {
      out.text(" (");
      out.text(href->value);
      out.text(")");
    }
  }

  void list(const GumboNode* n, TextWriter& out, int depth) {
    const bool nested = list_depth_ > 0;
    nested ? out.line_break() : out.paragraph_break();
    const bool ordered = n->v.element.tag == GUMBO_TAG_OL;
    long number = ordered ? list_start(n->v.element) : 0;
    ++list_depth_;
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
      const GumboNode* item = child(kids, i);
      const bool is_item = item->type == GUMBO_NODE_ELEMENT && item->v.element.tag == GUMBO_TAG_LI;
      if (!is_item) {
        node(item, out, depth + 1);
        continue;
      }
      if (is_dropped(item->v.element, false) || is_hidden(item->v.element)) continue;
      list_item(item, out, depth + 1, ordered ? std::to_string(number++) + ". " : "- ");
    }
    --list_depth_;
    nested ? out.line_break() : out.paragraph_break();
  }

  void list_item(const GumboNode* n, TextWriter& out, int depth, const std::string& marker) {
    out.line_break();
    out.push_prefix(marker, std::string(marker.size(), ' '));
    ++list_depth_;
    children(n, out, depth);
    --list_depth_;
    out.pop_prefix();
    out.line_break();
  }

  // Rows as "cell | cell"; the cells of nested tables are flattened into their cell.
  void table(const GumboNode* n, TextWriter& out, int depth) {
    out.paragraph_break();
    std::vector<const GumboNode*> rows;
    collect_rows(n, rows, depth);
    for (const GumboNode* row : rows) {
      if (row->v.element.tag == GUMBO_TAG_CAPTION) {
        out.line_break();
        out.text(inline_text(row, depth));
        out.line_break();
        continue;
      }
      // Empty cells keep their place ("a | | c") so columns still line up with the header.
      std::string line;
      bool first = true, any = false;
      const GumboVector& cells = row->v.element.children;
      for (unsigned i = 0; i < cells.length; ++i) {
        const GumboNode* cell = child(cells, i);
        if (cell->type != GUMBO_NODE_ELEMENT) continue;
        const GumboTag tag = cell->v.element.tag;
        if ((tag != GUMBO_TAG_TD && tag != GUMBO_TAG_TH) || is_hidden(cell->v.element)) continue;
        const std::string text = inline_text(cell, depth + 2);
        line += first ? text : " | " + text;
        first = false;
        any = any || !text.empty();
      }
      if (!any) continue;
      out.line_break();
      out.text(line);
      out.line_break();
    }
    out.paragraph_break();
  }

  static void collect_rows(const GumboNode* n, std::vector<const GumboNode*>& rows, int depth) {
    const GumboVector& kids = n->v.element.children;
    for (unsigned i = 0; i < kids.length && depth < kMaxStructuredDepth; ++i) {
      const GumboNode* k = child(kids, i);
      if (k->type != GUMBO_NODE_ELEMENT || is_hidden(k->v.element)) continue;
      const GumboTag tag = k->v.element.tag;
      if (tag == GUMBO_TAG_TR || tag == GUMBO_TAG_CAPTION) rows.push_back(k);
      else if (tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_TFOOT) collect_rows(k, rows, depth + 1);
    }
  }

  // Text only, without recursion, for subtrees nested deeper than kMaxStructuredDepth.
  void flat_text(const GumboNode* root, TextWriter& out) {
    std::vector<std::pair<const GumboNode*, unsigned>> stack{{root, 0}};
    out.line_break();
    while (!stack.empty()) {
      auto& [n, next] = stack.back();
      const GumboVector& kids = n->v.element.children;
      if (next >= kids.length) {
        stack.pop_back();
        continue;
      }
      const GumboNode* k = child(kids, next++);
      if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_CDATA || k->type == GUMBO_NODE_WHITESPACE) {
        out.text(k->v.text.text);
        out.text(" ");
      } else if (k->type == GUMBO_NODE_ELEMENT && !is_dropped(k->v.element, true) && !is_hidden(k->v.element)) {
        stack.emplace_back(k, 0);
      }
    }
    out.line_break();
  }

  const Options& options_;
  int pre_depth_ = 0;
  int list_depth_ = 0;
  int sectioning_depth_ = 0; // inside <article>, <main>, <section>: header/footer are content
};

std::string title_of(const GumboNode* n, int depth = 0) {
  if (depth > kMaxStructuredDepth) return {};
  if (n->type == GUMBO_NODE_ELEMENT) {
    const GumboElement& e = n->v.element;
    if (e.tag == GUMBO_TAG_SVG || e.tag == GUMBO_TAG_MATH) return {}; // their <title> is a tooltip
    if (e.tag == GUMBO_TAG_TITLE && e.tag_namespace == GUMBO_NAMESPACE_HTML) {
      TextWriter title;
      for (unsigned i = 0; i < e.children.length; ++i) {
        const GumboNode* k = child(e.children, i);
        if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_WHITESPACE) title.text(k->v.text.text);
      }
      return title.take();
    }
  } else if (n->type != GUMBO_NODE_DOCUMENT) {
    return {};
  }
  const GumboVector& kids = children_of(n);
  for (unsigned i = 0; i < kids.length; ++i) {
    std::string found = title_of(child(kids, i), depth + 1);
    if (!found.empty()) return found;
  }
  return {};
}

struct OutputDeleter {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kGumboDefaultOptions, output); }
};

} // namespace

Document render(std::string_view html, const Options& options) {
  std::unique_ptr<GumboOutput, OutputDeleter> output(
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
  if (!output) throw std::runtime_error("the HTML parser ran out of memory");
  Document document;
  document.title = title_of(output->document);
  Renderer renderer(options);
  TextWriter out;
  const GumboNode* main = options.prefer_main ? Renderer::find_main(output->document) : nullptr;
  std::vector<const GumboNode*> articles;
  if (options.prefer_main && !main) Renderer::find_articles(output->document, articles);
  if (main) {
    renderer.node(main, out, 0);
  } else if (!articles.empty()) {
    for (const GumboNode* article : articles) {
      renderer.node(article, out, 0);
      out.paragraph_break();
    }
  } else {
    renderer.node(output->document, out, 0);
  }
  document.text = out.take();
  return document;
}

} // namespace html_to_text
