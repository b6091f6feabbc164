// agenthost SDK testing: random JSON text for property tests — e.g. that a stream decoder's fast
// path and its full json::parse path report the same events for the same bytes. Deterministic
// for a given seed, so a failure names the seed that reproduces it.
//
//   agenthost::testing::fuzz::Rng rng(seed);
//   const std::string text = fuzz::random_text(rng);
//   const std::string line = fuzz::object({{"content", fuzz::json_string(text, rng)}, ...}, rng);
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agenthost::testing::fuzz {

using Rng = std::mt19937;

inline int pick(Rng& rng, int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
inline bool chance(Rng& rng, int percent) { return pick(rng, 100) < percent; }

// Text a model might stream: words and spaces, quotes, backslashes, slashes, newlines and other
// control characters, accented letters, CJK, emoji (4-byte UTF-8) — valid UTF-8 always.
inline std::string random_text(Rng& rng, int max_pieces = 6) {
  static const char* const pieces[] = {"Hello", " ", "world", "\"", "\\", "/", "\n", "\t", "\r", "\x01", "\x1f",
                                       "caf\xC3\xA9", "\xE4\xB8\xAD\xE6\x96\x87", "\xF0\x9F\x98\x80", "{", "}", ":",
                                       ",", "[", "]", "data: ", "\\u0041", "0", "-1.5e3", "null", "\x7f",
                                       "\xE2\x80\xA8", "\xEF\xBF\xBF"};
  std::string out;
  const int n = pick(rng, max_pieces + 1);
  for (int i = 0; i < n; ++i) out += pieces[pick(rng, static_cast<int>(sizeof pieces / sizeof *pieces))];
  return out;
}

namespace detail {

// Code points of valid UTF-8 text, each with its bytes.
inline std::vector<std::pair<std::uint32_t, std::string_view>> code_points(std::string_view text) {
  std::vector<std::pair<std::uint32_t, std::string_view>> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    std::uint32_t cp = n == 1 ? lead : n == 2 ? (lead & 0x1Fu) : n == 3 ? (lead & 0x0Fu) : (lead & 0x07u);
    for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    out.emplace_back(cp, text.substr(i, n));
    i += n;
  }
  return out;
}

inline std::string u_escape(std::uint32_t unit, bool upper) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, upper ? "\\u%04X" : "\\u%04x", static_cast<unsigned>(unit));
  return buffer;
}

} // namespace detail

// A JSON string literal for `text` (valid UTF-8), each character written raw where JSON allows
// or escaped at random: short escapes, \/, \uXXXX in either case, surrogate pairs above U+FFFF.
inline std::string json_string(std::string_view text, Rng& rng) {
  std::string out = "\"";
  for (const auto& [cp, bytes] : detail::code_points(text)) {
    const bool escape = chance(rng, 30);
    const bool upper = chance(rng, 50);
    if (cp == '"' || cp == '\\') {
      out += escape ? detail::u_escape(cp, upper) : std::string("\\") + static_cast<char>(cp);
    } else if (cp < 0x20) {
      const char* short_form = cp == '\n' ? "\\n" : cp == '\t' ? "\\t" : cp == '\r' ? "\\r" : cp == '\b' ? "\\b"
                               : cp == '\f' ? "\\f" : nullptr;
      out += short_form && !escape ? short_form : detail::u_escape(cp, upper);
    } else if (cp == '/' && escape) {
      out += "\\/";
    } else if (!escape) {
      out += bytes;
    } else if (cp < 0x10000) {
      out += detail::u_escape(cp, upper);
    } else {
      const std::uint32_t v = cp - 0x10000;
      out += detail::u_escape(0xD800 + (v >> 10), upper) + detail::u_escape(0xDC00 + (v & 0x3FF), upper);
    }
  }
  return out + "\"";
}

// Whitespace JSON allows between tokens; usually none, as providers write it. Never a line
// break: in NDJSON and SSE data lines that would end the line.
inline std::string ws(Rng& rng) {
  if (!chance(rng, 15)) return {};
  static const char* const spaces[] = {" ", "  ", "\t", " \t "};
  return spaces[pick(rng, 4)];
}

// A random JSON value (text) for fields a decoder must skip: numbers of every form json::parse
// reads, strings, literals, arrays and objects nested up to `depth`.
inline std::string random_value(Rng& rng, int depth = 2) {
  switch (pick(rng, depth > 0 ? 9 : 7)) {
  case 0: return std::to_string(pick(rng, 1000000) - 500);
  case 1: return "-0.25";
  case 2: return chance(rng, 50) ? "1.5e3" : "12345678901234567890123";
  case 3: return json_string(random_text(rng, 3), rng);
  case 4: return "true";
  case 5: return "false";
  case 6: return "null";
  case 7: {
    std::string out = "[" + ws(rng);
    for (int i = 0, n = pick(rng, 3); i < n; ++i) out += (i ? "," + ws(rng) : "") + random_value(rng, depth - 1);
    return out + ws(rng) + "]";
  }
  default: {
    std::string out = "{" + ws(rng);
    for (int i = 0, n = pick(rng, 3); i < n; ++i)
      out += (i ? "," + ws(rng) : "") + "\"k" + std::to_string(i) + "\"" + ws(rng) + ":" + ws(rng) + random_value(rng, depth - 1);
    return out + ws(rng) + "}";
  }
  }
}

// A JSON object of `members` (key, raw JSON value text) in random order, random whitespace.
inline std::string object(std::vector<std::pair<std::string, std::string>> members, Rng& rng) {
  std::shuffle(members.begin(), members.end(), rng);
  std::string out = "{" + ws(rng);
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i) out += "," + ws(rng);
    out += "\"" + members[i].first + "\"" + ws(rng) + ":" + ws(rng) + members[i].second;
  }
  return out + ws(rng) + "}";
}

// `text` damaged in one of the ways streams break or lie: cut short, a bad escape, a lone
// surrogate, a byte that is not UTF-8, a trailing comma, a byte dropped. The result may still be
// valid JSON (the point is that both paths of a decoder agree on it either way).
inline std::string corrupt(std::string text, Rng& rng) {
  if (text.empty()) return text;
  const std::size_t at = static_cast<std::size_t>(pick(rng, static_cast<int>(text.size())));
  switch (pick(rng, 7)) {
  case 0: return text.substr(0, at);
  case 1: return text.insert(at, "\\x");
  case 2: return text.insert(at, "\\uD800");
  case 3: return text.insert(at, "\xFF");
  case 4: return text.insert(at, ",");
  case 5: return text.erase(at, 1);
  default: return text.insert(at, "\\uDC00\\u12");
  }
}

} // namespace agenthost::testing::fuzz
