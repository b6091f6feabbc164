#include "text_writer.hpp"

#include <algorithm>
#include <utility>

namespace html_to_text {
namespace {

bool is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

} // namespace

void TextWriter::start_line() {
  if (!out_.empty()) out_.append(static_cast<std::size_t>(pending_newlines_), '\n');
  for (Prefix& prefix : prefixes_) {
    out_ += prefix.used ? prefix.rest : prefix.first;
    prefix.used = true;
  }
  pending_newlines_ = 0;
  line_open_ = true;
  pending_space_ = false;
}

void TextWriter::append_char_run(std::string_view run) {
  if (!line_open_ || pending_newlines_ > 0) start_line();
  else if (pending_space_) out_.push_back(' ');
  pending_space_ = false;
  out_.append(run);
}

void TextWriter::text(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (is_html_space(s[i])) {
      pending_space_ = true;
      ++i;
      continue;
    }
    std::size_t end = i + 1;
    while (end < s.size() && !is_html_space(s[end])) ++end;
    append_char_run(s.substr(i, end - i));
    i = end;
  }
}

void TextWriter::verbatim(std::string_view s) {
  std::size_t i = 0;
  while (i <= s.size()) {
    const std::size_t newline = std::min(s.find('\n', i), s.size());
    const std::string_view segment = s.substr(i, newline - i);
    if (!segment.empty()) {
      if (!line_open_ || pending_newlines_ > 0) start_line();
      out_.append(segment);
    }
    if (newline == s.size()) break;
    hard_break();
    i = newline + 1;
  }
}

void TextWriter::line_break() {
  if (!out_.empty()) pending_newlines_ = std::max(pending_newlines_, 1);
  line_open_ = false;
  pending_space_ = false;
}

void TextWriter::hard_break() {
  if (!out_.empty()) pending_newlines_ = std::min(pending_newlines_ + 1, 2);
  line_open_ = false;
  pending_space_ = false;
}

void TextWriter::paragraph_break() {
  if (!out_.empty()) pending_newlines_ = 2;
  line_open_ = false;
  pending_space_ = false;
}

void TextWriter::push_prefix(std::string first, std::string rest) {
  prefixes_.push_back({std::move(first), std::move(rest), false});
}

void TextWriter::pop_prefix() {
  if (!prefixes_.empty()) prefixes_.pop_back();
}

} // namespace html_to_text
