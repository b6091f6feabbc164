// TextWriter: builds readable plain text from the HTML tree walk. It owns the layout rules that
// do not depend on HTML: collapsing inline whitespace, line and paragraph breaks (at most one
// blank line), verbatim blocks, and line prefixes for list markers and indentation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace html_to_text {

class TextWriter {
public:
  // Inline text: runs of ASCII whitespace become one space, none at a line's start or end.
  void text(std::string_view s);
  // <pre> text: spaces and line breaks kept (prefixes still start each line).
  void verbatim(std::string_view s);
  // Ends the current line (a block boundary); no effect when there is no text yet.
  void line_break();
  // <br>: a new line even when the current one is empty; two in a row leave a blank line.
  void hard_break();
  // A blank line before the next text.
  void paragraph_break();
  // Starts every line written until pop_prefix with the prefix: `first` on the first such line
  // (a list marker), `rest` on the others (the indentation under it).
  void push_prefix(std::string first, std::string rest);
  void pop_prefix();

  // The text so far, without trailing line breaks.
  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

private:
  void start_line();
  void append_char_run(std::string_view run);

  struct Prefix {
    std::string first, rest;
    bool used = false;
  };
  std::string out_;
  std::vector<Prefix> prefixes_;
  int pending_newlines_ = 0; // line breaks owed before the next text (at most 2)
  bool line_open_ = false;   // the current line has text
  bool pending_space_ = false;
};

} // namespace html_to_text
