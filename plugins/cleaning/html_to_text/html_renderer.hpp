// html_to_text's core: parses HTML with libgumbo (a conforming HTML5 parser, which also decodes
// entities) and renders the readable content as plain text. Free of the SDK, so the benchmark
// and the tests can call it directly.
#pragma once

#include <string>
#include <string_view>

namespace html_to_text {

struct Options {
  bool markdown_headings = true; // "# Title", "## Section" instead of the bare heading text
  bool keep_link_urls = false;   // "text (https://...)" instead of "text"
  bool prefer_main = true;       // render only <main> / role="main", else the <article>s, if any
};

struct Document {
  std::string text;
  std::string title; // from <title>, whitespace collapsed; empty when there is none
};

// What is rendered and how is described in README.md (the two must stay in step).
Document render(std::string_view html, const Options& options);

} // namespace html_to_text
