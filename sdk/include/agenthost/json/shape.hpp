// agenthost SDK JSON: the remembered layout of a stream's chunks, so that a chunk shaped like the
// last one the validating scanner (agenthost/json/scan.hpp) accepted is checked without a scan.
//
// Provider streams send one layout thousands of times:
//   {"model":"llama3.1:8b","created_at":"2026-11-29T10:00:00.123456789Z","message":{"role":"assistant","content":"…"},"done":false}
// Only the strings change (the text always, Ollama's timestamp on every line), and mostly keep
// their length where they are not the text. A Shape learns such a text from the scan that
// accepted it and afterwards matches a new text in one masked comparison of everything but the
// text (sixteen bytes a step), one scan of the text's string, and one masked comparison of the rest.
//
//   if (shape.match(line, content, scratch)) { use(content); return; }     // the common case
//   json::scan::Scanner scan(line, &holes);  ... full scan ...  shape.learn(line, holes);
#pragma once

#include "agenthost/json/scan.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace agenthost::json::scan {

// The byte layout of the last text a full scan accepted — structure, keys, numbers, literals and
// the strings whose value matters, as they were; the Holes as placeholders. A text with the same
// bytes outside the holes and a valid JSON string in each hole is valid JSON with the same members
// and the same values that matter, so matching it needs no scan beyond the holes.
class Shape {
public:
  // Remembers `text` (which a Scanner with `holes` accepted) as the layout to match.
  void learn(std::string_view text, const Holes& holes) {
    // Kept between kPad bytes of padding on either side, so that sixteen-byte loads around any
    // stretch of it stay inside the buffer.
    size_ = text.size();
    padded_.assign(kPad, '\0');
    padded_.append(text);
    padded_.append(kPad, '\0');
    segments_.clear();
    // By default every byte must repeat; the inside of a hole other than the target may instead
    // hold any other plain string of the same length — unless the learned one was not plain
    // (escapes, non-ASCII), in which case it must repeat byte for byte to match quickly.
    mask_.assign(size_ + 2 * kPad, kSame);
    std::uint32_t at = 0;
    for (std::size_t i = 0; i < holes.spans.size(); ++i) {
      const auto [from, to] = holes.spans[i];
      const bool is_target = static_cast<int>(i) == holes.target;
      if (from > at) segments_.push_back({at, from, false, false});
      segments_.push_back({from, to, true, is_target});
      if (!is_target && to - from >= 2 && plain_ascii(learned(from + 1), to - from - 2))
        std::memset(mask_.data() + kPad + from + 1, kPlainStringByte, to - from - 2);
      at = to;
    }
    if (at < size_) segments_.push_back({at, static_cast<std::uint32_t>(size_), false, false});
    has_target_ = holes.target >= 0;
    target_begin_ = target_end_ = static_cast<std::uint32_t>(size_);
    if (has_target_) {
      target_begin_ = holes.spans[static_cast<std::size_t>(holes.target)].first;
      target_end_ = holes.spans[static_cast<std::size_t>(holes.target)].second;
    }
    prefix_repeats_ = true;
    suffix_is_fixed_ = std::memchr(mask_.data() + kPad + target_end_, kPlainStringByte, size_ - target_end_) == nullptr;
    learned_ = true;
  }
  void forget() { learned_ = false; }

  // Whether `text` has the learned layout; `target` receives the target hole's string
  // (unescaped into `scratch` when it has escapes). False when it differs anywhere or a hole
  // holds anything but a valid string.
  bool match(std::string_view text, std::string_view& target, std::string& scratch) {
    const std::size_t length = match_prefix(text, target, scratch);
    return length != 0 && length == text.size();
  }

  // Like match, for a text with the learned layout at its start and anything after it (the rest
  // of a stream chunk): the length of the match, 0 when there is none. A match never holds a
  // control byte (a line or record end) that the learned text did not hold, so the caller frames
  // it by checking the byte after it. `target` is left empty when there is no match.
  // 0 too, without a closer look, when `text` ends before a quick match could finish: the caller
  // has an unfinished line and will be back with all of it.
  std::size_t match_prefix(std::string_view text, std::string_view& target, std::string& scratch) {
    std::size_t length = 0;
    if (learned_) {
      bool ran_out = false;
      length = quick_match(text, target, scratch, ran_out);
      if (length == 0 && !ran_out) length = walk(text, target, scratch);
    }
    if (length == 0) target = {};
    return length;
  }

private:
  // The common case: every hole but the target kept its length (ids and model names repeat,
  // Ollama's timestamps keep their width), so the target starts where it did. `ran_out` tells
  // whether a failure came from the end of `text`.
  std::size_t quick_match(std::string_view text, std::string_view& target, std::string& scratch, bool& ran_out) {
    if (text.size() < target_begin_) return ran_out = true, 0;
    // While the holes before the target repeat byte for byte (OpenAI's and Anthropic's ids and
    // model names), memcmp decides fastest; once they differed (Ollama's timestamps), the masked
    // comparison does.
    if (!prefix_repeats_ || !same_bytes(text.data(), learned(0), target_begin_)) {
      prefix_repeats_ = false;
      if (!masked_equal(text, 0, 0, target_begin_)) return 0;
    }
    if (!has_target_) return target_begin_;
    const char* const end = text.data() + text.size();
    const char* const from = text.data() + target_begin_;
    std::size_t after = 0;
    if (const char* plain_end = Scanner::plain_string_end(from, end)) { // no escapes: a view of the text
      target = std::string_view(from + 1, static_cast<std::size_t>(plain_end - from - 2));
      after = static_cast<std::size_t>(plain_end - text.data());
    } else if (!read_hole(text, target_begin_, true, target, scratch, after)) {
      ran_out = std::memchr(from, '\n', static_cast<std::size_t>(end - from)) == nullptr;
      return 0;
    }
    const std::size_t suffix = size_ - target_end_;
    if (text.size() - after < suffix) return ran_out = true, 0;
    if (suffix_is_fixed_) return same_bytes(text.data() + after, learned(target_end_), suffix) ? after + suffix : 0;
#if defined(__SSE2__)
    // The usual closing run (`"},"done":false}`, `"}}`) is shorter than sixteen bytes and more
    // text follows it: one masked step, no call.
    if (suffix < 16 && text.size() - after >= 16) {
      const unsigned lanes = (1u << suffix) - 1u;
      return (masked_mismatches_16(text.data() + after, learned(target_end_), mask_.data() + kPad + target_end_) &
              lanes) == 0
                 ? after + suffix
                 : 0;
    }
#endif
    return masked_equal(text, after, target_end_, suffix) ? after + suffix : 0;
  }

  // When the quick comparison failed: the layout hole by hole, each hole any valid string of any
  // length.
  std::size_t walk(std::string_view text, std::string_view& target, std::string& scratch) {
    walked_.spans.clear();
    walked_.target = -1;
    std::size_t at = 0;
    std::string_view value;
    for (const Segment& segment : segments_) {
      if (!segment.hole) {
        const std::size_t n = segment.end - segment.begin;
        if (text.size() - at < n || !same_bytes(text.data() + at, learned(segment.begin), n)) return 0;
        at += n;
        continue;
      }
      const std::size_t from = at;
      if (!read_hole(text, at, segment.target, value, scratch, at)) return 0;
      if (segment.target) {
        target = value;
        walked_.target = static_cast<int>(walked_.spans.size());
      }
      walked_.spans.emplace_back(static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(at));
    }
    // A hole changed its length (Ollama drops a timestamp's trailing zeros): the next text is
    // likelier to look like this one, so compare against it from now on.
    learn(text.substr(0, at), walked_);
    return at;
  }

  static constexpr unsigned char kSame = 0xFF;          // the byte must equal the learned one
  static constexpr unsigned char kPlainStringByte = 0;  // any byte a plain ASCII string may hold

  // memcmp(...) == 0, without a call for the short runs between a layout's strings.
  static bool same_bytes(const char* a, const char* b, std::size_t n) {
    if (n > 32) return std::memcmp(a, b, n) == 0;
    while (n >= 8) {
      std::uint64_t x, y;
      std::memcpy(&x, a, 8);
      std::memcpy(&y, b, 8);
      if (x != y) return false;
      a += 8, b += 8, n -= 8;
    }
    for (; n > 0; --n)
      if (*a++ != *b++) return false;
    return true;
  }

  // 0x20..0x7F but '"' and '\\': a byte a JSON string holds as itself, with no UTF-8 to check.
  static bool plain_byte(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }
  static bool plain_ascii(const char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      if (!plain_byte(static_cast<unsigned char>(p[i]))) return false;
    return true;
  }

  // Whether text[at, at + n) fits the learned text's [from, from + n) under mask_: equal where
  // the mask says kSame, a plain string byte where it says kPlainStringByte. Sixteen bytes a step
  // where SSE2 exists, a stretch shorter than that in one step when `text` has sixteen bytes.
  bool masked_equal(std::string_view text, std::size_t at, std::size_t from, std::size_t n) const {
    const char* const pattern = learned(from);
    const unsigned char* const mask = mask_.data() + kPad + from;
#if defined(__SSE2__)
    if (n >= 16) {
      const char* const bytes = text.data() + at;
      std::size_t i = 0;
      for (; i + 16 <= n; i += 16)
        if (masked_mismatches_16(bytes + i, pattern + i, mask + i) != 0) return false;
      // The last partial block: the sixteen bytes ending at n, overlapping ones already checked.
      return i == n || masked_mismatches_16(bytes + n - 16, pattern + n - 16, mask + n - 16) == 0;
    }
    if (n == 0) return true;
    if (text.size() >= 16) {
      // Sixteen bytes of `text` that hold the stretch (starting `shift` bytes before it when it
      // lies near the end); only the stretch's own lanes count. The padding keeps the learned
      // side's loads inside its buffer.
      const std::size_t window = at + 16 <= text.size() ? at : text.size() - 16;
      const std::size_t shift = at - window;
      const unsigned lanes = ((1u << n) - 1u) << shift;
      return (masked_mismatches_16(text.data() + window, pattern - shift, mask - shift) & lanes) == 0;
    }
#endif
    for (std::size_t i = 0; i < n; ++i) {
      const auto c = static_cast<unsigned char>(text[at + i]);
      if (mask[i] == kSame ? c != static_cast<unsigned char>(pattern[i]) : !plain_byte(c)) return false;
    }
    return true;
  }

#if defined(__SSE2__)
  // One bit per byte of the sixteen at `text` that does not fit (see masked_equal).
  static unsigned masked_mismatches_16(const char* text, const char* pattern, const unsigned char* mask_bytes) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text));
    const __m128i same = _mm_cmpeq_epi8(bytes, _mm_loadu_si128(reinterpret_cast<const __m128i*>(pattern)));
    const __m128i mask = _mm_loadu_si128(reinterpret_cast<const __m128i*>(mask_bytes));
    // Signed compare: bytes >= 0x80 are negative, so "< 0x20" rejects them with the controls.
    const __m128i not_plain =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')), _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))),
                     _mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20)));
    const __m128i bad = _mm_or_si128(_mm_andnot_si128(same, mask), _mm_andnot_si128(mask, not_plain));
    return static_cast<unsigned>(_mm_movemask_epi8(bad));
  }
#endif


  // Reads the string that must start at text[at]; `next` receives the offset after it.
  bool read_hole(std::string_view text, std::size_t at, bool is_target, std::string_view& value, std::string& scratch,
                 std::size_t& next) {
    const char* const from = text.data() + at;
    if (const char* plain_end = Scanner::plain_string_end(from, text.data() + text.size())) { // the common case
      value = std::string_view(from + 1, static_cast<std::size_t>(plain_end - from - 2));
      next = static_cast<std::size_t>(plain_end - text.data());
      return true;
    }
    if (at == text.size() || *from != '"') return false;
    Scanner hole(text.substr(at));
    if (!hole.read_string(value, is_target ? scratch : ignored_)) return false;
    next = at + hole.position();
    return true;
  }

  struct Segment {
    std::uint32_t begin, end; // in the learned text
    bool hole, target;
  };
  static constexpr std::size_t kPad = 16;
  const char* learned(std::size_t at) const { return padded_.data() + kPad + at; }

  std::string padded_;              // the learned text, kPad bytes of padding on either side
  std::size_t size_ = 0;            // of the learned text
  std::vector<unsigned char> mask_; // per byte of padded_: kSame or kPlainStringByte
  std::vector<Segment> segments_;
  Holes walked_; // the holes found by the last walk (reused, not reallocated)
  std::string ignored_;
  bool learned_ = false;
  bool has_target_ = false;
  bool prefix_repeats_ = true;   // the text before the target repeated byte for byte so far
  bool suffix_is_fixed_ = true;  // no hole after the target: its bytes must repeat
  // The target's span in the learned text; both its size when there is no target.
  std::uint32_t target_begin_ = 0, target_end_ = 0;
};

} // namespace agenthost::json::scan
