// agenthost SDK JSON: a validating scanner that reads fields out of JSON text without building a
// Value tree — the fast path of stream decoders, which see thousands of small, same-shaped
// chunks per response.
//
// It accepts exactly what json::parse accepts, or gives up: every method returns false (and the
// scanner stays failed) on anything it does not fully understand, including input json::parse
// would accept (a number with an exponent, nesting deeper than kMaxDepth, a key written with
// escapes). A caller therefore treats false as "take the slow path" — parse with json::parse and
// decide there — never as "the input is invalid". Strings are unescaped exactly like
// json::parse (\uXXXX with surrogate pairs, UTF-8 checked by the same rule).
//
//   json::scan::Scanner s(line);
//   std::string_view key;
//   if (!s.enter_object()) return slow_path();
//   while (s.next_member(key)) { if (key == "content") s.read_string(text, scratch); else s.skip_value(); }
//   if (!s.finished()) return slow_path();
#pragma once

#include "agenthost/json/utf8.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace agenthost::json::scan {

// Where a scan met string values whose content does not matter to the caller ("holes"): those
// inside skip_value(), and the one read with read_target_string(). Offsets into the scanned text,
// quotes included. Shape (below) is built from them.
struct Holes {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
  int target = -1; // index in spans of the target string, -1 when none
};

class Scanner {
public:
  // Deeper values are not skipped but given up on (json::parse allows 512 levels).
  static constexpr int kMaxDepth = 64;
  // A number longer than this is given up on, as is any with an exponent: only such numbers can
  // be out of a double's range, which json::parse rejects.
  static constexpr std::size_t kMaxNumberChars = 300;

  explicit Scanner(std::string_view text, Holes* holes = nullptr)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), holes_(holes) {}

  bool failed() const { return failed_; }
  // Bytes consumed so far.
  std::size_t position() const { return static_cast<std::size_t>(p_ - begin_); }

  // Expects '{' (after whitespace) and enters the object.
  bool enter_object() { return expect_open('{'); }
  // Expects '[' (after whitespace) and enters the array.
  bool enter_array() { return expect_open('['); }

  // The next member's key of the object entered last: true with `key` set, positioned at the
  // value (which must then be read or skipped); false at the closing '}' (which is consumed) or
  // on failure — tell the two apart with failed(). Keys with escapes are given up on.
  bool next_member(std::string_view& key) {
    if (!next_item('}')) return false;
    if (p_ == end_ || *p_ != '"') return fail();
    const char* start = ++p_;
    bool non_ascii = false;
    const char* stop = find_string_special(p_, end_, non_ascii);
    if (stop == end_ || *stop != '"') return fail(); // escapes or control bytes in a key: slow path
    if (non_ascii && !valid_utf8(start, stop)) return fail();
    key = std::string_view(start, static_cast<std::size_t>(stop - start));
    p_ = stop + 1;
    skip_whitespace();
    if (p_ == end_ || *p_ != ':') return fail();
    ++p_;
    skip_whitespace();
    return true;
  }

  // Like next_member for arrays: true when positioned at the next element, false at ']' or on
  // failure.
  bool next_element() { return next_item(']'); }

  // What the value at the cursor is, from its first byte: '{', '[', '"', 't', 'f', 'n', or '0'
  // for a number; '\0' at the end of input.
  char peek() {
    skip_whitespace();
    if (p_ == end_) return '\0';
    const char c = *p_;
    return (c == '-' || (c >= '0' && c <= '9')) ? '0' : c;
  }

  // Reads a string value. `out` views the text itself when the string has no escapes, else
  // `scratch`, which receives the unescaped bytes (valid until the next read into it).
  bool read_string(std::string_view& out, std::string& scratch) {
    if (failed_) return false;
    if (p_ == end_ || *p_ != '"') return fail();
    const char* start = ++p_;
    bool non_ascii = false;
    const char* stop = find_string_special(p_, end_, non_ascii);
    if (stop != end_ && *stop == '"') { // the common case: plain text, maybe non-ASCII
      if (non_ascii && !valid_utf8(start, stop)) return fail();
      out = std::string_view(start, static_cast<std::size_t>(stop - start));
      p_ = stop + 1;
      return true;
    }
    scratch.assign(start, static_cast<std::size_t>(stop - start));
    if (non_ascii && !valid_utf8(start, stop)) return fail();
    p_ = stop;
    for (;;) {
      if (p_ == end_) return fail();
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        ++p_;
        out = scratch;
        return true;
      }
      if (c == '\\') {
        if (!unescape(scratch)) return fail();
        continue;
      }
      if (c < 0x20) return fail();
      const char* run_end = find_string_special(p_ + 1, end_, non_ascii);
      if ((non_ascii || c >= 0x80) && !valid_utf8(p_, run_end)) return fail();
      scratch.append(p_, static_cast<std::size_t>(run_end - p_));
      p_ = run_end;
    }
  }

  // read_string for the one value a Shape is to hand out on later texts (e.g. a delta's text).
  bool read_target_string(std::string_view& out, std::string& scratch) {
    const std::size_t from = position();
    if (!read_string(out, scratch)) return false;
    if (holes_) {
      holes_->target = static_cast<int>(holes_->spans.size());
      holes_->spans.emplace_back(static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(position()));
    }
    return true;
  }

  // Reads `true` or `false`.
  bool read_bool(bool& out) {
    if (literal("true")) return out = true, true;
    if (literal("false")) return out = false, true;
    return fail();
  }
  // Consumes `null` when it is next; false (without failing) when something else is.
  bool read_null() { return literal("null"); }

  // Reads an integer without sign, fraction or exponent that fits 53 bits (no rounding to worry
  // about); gives up on anything else.
  bool read_small_uint(int64_t& out) {
    if (failed_ || p_ == end_ || *p_ < '0' || *p_ > '9') return fail();
    if (*p_ == '0' && p_ + 1 < end_ && p_[1] >= '0' && p_[1] <= '9') return fail();
    int64_t n = 0;
    int digits = 0;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
      if (++digits > 15) return fail();
      n = n * 10 + (*p_++ - '0');
    }
    if (p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return fail();
    out = n;
    return true;
  }

  // Skips (and validates) the value at the cursor.
  bool skip_value() { return skip_value_here(); }

  // True when the whole text was one value and nothing but whitespace follows it.
  bool finished() {
    if (failed_ || depth_ != 0) return false;
    skip_whitespace();
    return p_ == end_;
  }

private:
  bool fail() {
    failed_ = true;
    return false;
  }

  void skip_whitespace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }

  // Moves to the next item of the container entered last: past its ',' (none before the first),
  // true at the item; false at `close` (consumed) or on failure.
  bool next_item(char close) {
    if (failed_) return false;
    skip_whitespace();
    if (p_ == end_) return fail();
    if (*p_ == close) {
      ++p_;
      close_container();
      return false;
    }
    if (!first_in_container_) {
      if (*p_ != ',') return fail();
      ++p_;
      skip_whitespace();
    }
    first_in_container_ = false;
    return true;
  }

  bool expect_open(char open) {
    if (failed_) return false;
    skip_whitespace();
    if (p_ == end_ || *p_ != open) return fail();
    if (++depth_ > kMaxDepth) return fail();
    ++p_;
    first_in_container_ = true;
    return true;
  }

  // After '}' or ']': the enclosing container has had at least this one value, so what follows
  // must be ',' or its own close.
  void close_container() {
    --depth_;
    first_in_container_ = false;
  }

  bool literal(std::string_view word) {
    if (failed_) return false;
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0) return false;
    p_ += word.size();
    return true;
  }

  bool skip_value_here() {
    if (failed_) return false;
    skip_whitespace();
    if (p_ == end_) return fail();
    switch (*p_) {
    case '"': {
      std::string_view ignored;
      const std::size_t from = position();
      if (!read_string(ignored, skip_scratch_)) return false;
      if (holes_) holes_->spans.emplace_back(static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(position()));
      return true;
    }
    case '{': {
      if (!enter_object()) return false;
      std::string_view key;
      while (next_member(key))
        if (!skip_value_here()) return false;
      return !failed_;
    }
    case '[': {
      if (!enter_array()) return false;
      while (next_element())
        if (!skip_value_here()) return false;
      return !failed_;
    }
    case 't': return literal("true") || fail();
    case 'f': return literal("false") || fail();
    case 'n': return literal("null") || fail();
    default: return skip_number();
    }
  }

  bool skip_number() {
    const char* start = p_;
    if (p_ != end_ && *p_ == '-') ++p_;
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return fail();
    if (*p_ == '0') {
      ++p_;
      if (p_ != end_ && *p_ >= '0' && *p_ <= '9') return fail();
    } else {
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return fail();
      while (p_ != end_ && *p_ >= '0' && *p_ <= '9') ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) return fail();
    return static_cast<std::size_t>(p_ - start) <= kMaxNumberChars || fail();
  }

  // One escape at p_ (a backslash), appended to `out` as json::parse would.
  bool unescape(std::string& out) {
    if (end_ - p_ < 2) return false;
    const char c = p_[1];
    p_ += 2;
    switch (c) {
    case '"': out.push_back('"'); return true;
    case '\\': out.push_back('\\'); return true;
    case '/': out.push_back('/'); return true;
    case 'b': out.push_back('\b'); return true;
    case 'f': out.push_back('\f'); return true;
    case 'n': out.push_back('\n'); return true;
    case 'r': out.push_back('\r'); return true;
    case 't': out.push_back('\t'); return true;
    case 'u': break;
    default: return false;
    }
    std::uint32_t cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false; // a low surrogate on its own
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
      p_ += 2;
      std::uint32_t low = 0;
      if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    json::detail::append_utf8(out, cp);
    return true;
  }

  bool hex4(std::uint32_t& cp) {
    if (end_ - p_ < 4) return false;
    for (int i = 0; i < 4; ++i) {
      const char c = *p_++;
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0) return false;
      cp = cp * 16 + static_cast<std::uint32_t>(digit);
    }
    return true;
  }

  static bool valid_utf8(const char* from, const char* to) {
    const auto* p = reinterpret_cast<const unsigned char*>(from);
    const auto* end = reinterpret_cast<const unsigned char*>(to);
    while (p < end) {
      if (*p < 0x80) {
        ++p;
        continue;
      }
      const std::size_t n = json::detail::utf8_sequence_length(p, static_cast<std::size_t>(end - p));
      if (n == 0) return false;
      p += n;
    }
    return true;
  }

  // The first '"', '\\' or control byte (< 0x20) at or after `p`, or `end`; `non_ascii` tells
  // whether a byte >= 0x80 came before it (valid_utf8 checks those afterwards). Sixteen bytes at
  // a time where SSE2 exists.
  static const char* find_string_special(const char* p, const char* end, bool& non_ascii) {
    non_ascii = false;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      // Signed compare: bytes >= 0x80 are negative, so "< 0x20" catches them with the controls;
      // the rare non-ASCII hit is sorted out below.
      unsigned hit = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
          _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)), _mm_cmplt_epi8(bytes, space))));
      while (hit != 0) {
        const char* at = p + __builtin_ctz(hit);
        if (static_cast<unsigned char>(*at) < 0x80) return at;
        non_ascii = true;
        hit &= hit - 1;
      }
      p += 16;
    }
#endif
    for (; p < end; ++p) {
      const auto c = static_cast<unsigned char>(*p);
      if (c == '"' || c == '\\' || c < 0x20) return p;
      non_ascii = non_ascii || c >= 0x80;
    }
    return end;
  }

public:
  // The end (after the closing quote) of a string without escapes starting at `p` (its opening
  // quote), checked like read_string; nullptr when it has escapes or is not valid.
  static const char* plain_string_end(const char* p, const char* end) {
    if (p == end || *p != '"') return nullptr;
    bool non_ascii = false;
    const char* stop = find_string_special(p + 1, end, non_ascii);
    if (stop == end || *stop != '"') return nullptr;
    if (non_ascii && !valid_utf8(p + 1, stop)) return nullptr;
    return stop + 1;
  }

private:
  const char* begin_;
  const char* p_;
  const char* end_;
  Holes* holes_;
  int depth_ = 0;
  bool failed_ = false;
  bool first_in_container_ = false;
  std::string skip_scratch_;
};

// The byte layout of the last text a full scan accepted — structure, keys, numbers, literals and
// the strings whose value matters, as they were; the Holes as placeholders. A text with the same
// bytes outside the holes and a valid JSON string in each hole is valid JSON with the same members
// and the same values that matter, so matching it needs no scan beyond the holes: provider
// streams repeat one layout for every delta ({"id":"chatcmpl-1",...,"delta":{"content":"…"}}).
class Shape {
public:
  // Remembers `text` (which a Scanner with `holes` accepted) as the layout to match.
  void learn(std::string_view text, const Holes& holes) {
    text_.assign(text);
    segments_.clear();
    std::uint32_t at = 0;
    for (std::size_t i = 0; i < holes.spans.size(); ++i) {
      const auto [from, to] = holes.spans[i];
      if (from > at) segments_.push_back({at, from, false, false});
      segments_.push_back({from, to, true, static_cast<int>(i) == holes.target});
      at = to;
    }
    if (at < text_.size()) segments_.push_back({at, static_cast<std::uint32_t>(text_.size()), false, false});
    has_target_ = holes.target >= 0;
    quick_failed_ = false;
    if (has_target_) {
      target_begin_ = holes.spans[static_cast<std::size_t>(holes.target)].first;
      target_end_ = holes.spans[static_cast<std::size_t>(holes.target)].second;
    }
    learned_ = true;
  }
  void forget() { learned_ = false; }

  // Whether `text` has the learned layout; `target` receives the target hole's string
  // (unescaped into `scratch` when it has escapes). False when it differs anywhere or a hole
  // holds anything but a valid string.
  bool match(std::string_view text, std::string_view& target, std::string& scratch) {
    if (!learned_) return false;
    // Most streams repeat everything but the target byte for byte (ids, model names): then two
    // comparisons and one string scan decide.
    // (Streams that change another field every time, like Ollama's created_at, skip this try
    // after it failed once.)
    if (has_target_ && !quick_failed_) {
      if (text.size() >= target_begin_ && same_bytes(text.data(), text_.data(), target_begin_)) {
        std::size_t after = 0;
        if (read_hole(text, target_begin_, true, target, scratch, after)) {
          const std::size_t suffix = text_.size() - target_end_;
          if (text.size() - after == suffix && same_bytes(text.data() + after, text_.data() + target_end_, suffix))
            return true;
        }
      }
      quick_failed_ = true;
    }
    std::size_t at = 0;
    for (const Segment& segment : segments_) {
      if (!segment.hole) {
        const std::size_t n = segment.end - segment.begin;
        if (text.size() - at < n || !same_bytes(text.data() + at, text_.data() + segment.begin, n)) return false;
        at += n;
        continue;
      }
      std::string_view value;
      if (!read_hole(text, at, segment.target, value, scratch, at)) return false;
      if (segment.target) target = value;
    }
    return at == text.size();
  }

private:
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
    std::uint32_t begin, end; // in text_
    bool hole, target;
  };
  std::string text_;
  std::vector<Segment> segments_;
  std::string ignored_;
  bool learned_ = false;
  bool has_target_ = false;
  bool quick_failed_ = false; // the whole-prefix comparison failed once for this layout
  std::uint32_t target_begin_ = 0, target_end_ = 0; // the target's span in text_
};

} // namespace agenthost::json::scan
