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
//
// Streams repeat one layout: agenthost/json/shape.hpp remembers it, so later texts of the same
// layout need no scan beyond their changing strings.
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
// quotes included. json::scan::Shape (agenthost/json/shape.hpp) is built from them.
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
    if (non_ascii && !valid_utf8(start, stop)) return fail();
    // Escapes never lengthen the text (\uXXXX, six bytes, becomes at most three; a surrogate
    // pair, twelve, four), so the unescaped string fits in as many bytes as the escaped one: find
    // its closing quote first, then write through a pointer rather than append piece by piece.
    const char* close = stop;
    bool ignored = false;
    while (close != end_ && *close == '\\') {
      if (end_ - close < 2) return fail();
      close = find_string_special(close + 2, end_, ignored);
    }
    if (close == end_ || *close != '"') return fail(); // a control byte, or no end
    scratch.resize(static_cast<std::size_t>(close - start));
    char* written = &scratch[0];
    std::memcpy(written, start, static_cast<std::size_t>(stop - start));
    written += stop - start;
    p_ = stop;
    // Between here and `close` the only special bytes are backslashes (and what they escape).
    while (p_ != close) {
      if (*p_ == '\\') {
        if (!unescape(written) || p_ > close) return fail();
        continue;
      }
      const auto c = static_cast<unsigned char>(*p_);
      const char* run_end = find_string_special(p_ + 1, close, non_ascii);
      if ((non_ascii || c >= 0x80) && !valid_utf8(p_, run_end)) return fail();
      std::memcpy(written, p_, static_cast<std::size_t>(run_end - p_));
      written += run_end - p_;
      p_ = run_end;
    }
    scratch.resize(static_cast<std::size_t>(written - scratch.data()));
    ++p_;
    out = scratch;
    return true;
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

  // One escape at p_ (a backslash), written at `out` (which it advances) as json::parse would
  // unescape it; never more bytes than the escape itself.
  bool unescape(char*& out) {
    if (end_ - p_ < 2) return false;
    const char c = p_[1];
    p_ += 2;
    switch (c) {
    case '"': *out++ = '"'; return true;
    case '\\': *out++ = '\\'; return true;
    case '/': *out++ = '/'; return true;
    case 'b': *out++ = '\b'; return true;
    case 'f': *out++ = '\f'; return true;
    case 'n': *out++ = '\n'; return true;
    case 'r': *out++ = '\r'; return true;
    case 't': *out++ = '\t'; return true;
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
    // UTF-8, as json::detail::append_utf8 writes it.
    if (cp < 0x80) {
      *out++ = static_cast<char>(cp);
    } else if (cp < 0x800) {
      *out++ = static_cast<char>(0xC0 | (cp >> 6));
      *out++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *out++ = static_cast<char>(0xE0 | (cp >> 12));
      *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out++ = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *out++ = static_cast<char>(0xF0 | (cp >> 18));
      *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out++ = static_cast<char>(0x80 | (cp & 0x3F));
    }
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
    const __m128i below_space = _mm_set1_epi8(0x1F);
    while (end - p >= 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      // Controls are the bytes whose unsigned max with 0x1F is 0x1F; bytes >= 0x80 are the sign
      // bits. Telling the two apart here keeps the loop free of branches that depend on the text.
      const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(bytes, below_space), below_space);
      const unsigned special = static_cast<unsigned>(_mm_movemask_epi8(
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)), control)));
      const unsigned high = static_cast<unsigned>(_mm_movemask_epi8(bytes));
      if (special != 0) {
        const unsigned first = static_cast<unsigned>(__builtin_ctz(special));
        non_ascii |= (high & ((1u << first) - 1u)) != 0;
        return p + first;
      }
      non_ascii |= high != 0;
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

} // namespace agenthost::json::scan
