#include "unicode_cleaner.hpp"

#include "agenthost/json/utf8.hpp"

#include <utf8proc.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace normalize_unicode {
namespace {

using agenthost::json::detail::append_utf8;
using agenthost::json::detail::utf8_sequence_length;

constexpr std::uint32_t kReplacement = 0xFFFD;
// Every code point below U+0300 is in NFC and none of them combines with the one before it
// (the first NFC_QC=No/Maybe code points are the combining marks from U+0300 on). In UTF-8
// those are exactly the sequences whose lead byte is below 0xCC, so a line without such a byte
// is already in NFC and skips utf8proc.
constexpr unsigned char kFirstLeadNeedingNfc = 0xCC;

std::string describe_invalid(std::size_t offset, unsigned char byte) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", byte);
  return "invalid UTF-8 at byte offset " + std::to_string(offset) + " (byte " + hex +
         "); convert the document to UTF-8 before uploading it, or set on_invalid = repair to "
         "replace invalid bytes with U+FFFD";
}

// Length of the maximal prefix at p of a well-formed sequence (at least 1): the bytes one U+FFFD
// stands for. E.g. "\xE2\x82" followed by "A" is one ill-formed subpart, "\xC0\xAF" is two.
std::size_t maximal_subpart(const unsigned char* p, std::size_t available) {
  const unsigned char lead = p[0];
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead == 0xE0) length = 3, low = 0xA0;
  else if (lead == 0xED) length = 3, high = 0x9F;
  else if (lead >= 0xE1 && lead <= 0xEF) length = 3;
  else if (lead == 0xF0) length = 4, low = 0x90;
  else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
  else if (lead == 0xF4) length = 4, high = 0x8F;
  else return 1;
  std::size_t taken = 1;
  if (taken < available && p[1] >= low && p[1] <= high) {
    ++taken;
    while (taken < length && taken < available && (p[taken] & 0xC0) == 0x80) ++taken;
  }
  return taken;
}

bool is_removed(std::uint32_t cp) {
  if (cp < 0x20) return cp != '\n' && cp != '\t' && cp != '\f';
  if (cp >= 0x7F && cp <= 0x9F) return true;
  return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF;
}

std::uint32_t decode(const unsigned char* p, std::size_t length) {
  switch (length) {
  case 1: return p[0];
  case 2: return (std::uint32_t(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
  case 3: return (std::uint32_t(p[0] & 0x0F) << 12) | (std::uint32_t(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
  default:
    return (std::uint32_t(p[0] & 0x07) << 18) | (std::uint32_t(p[1] & 0x3F) << 12) |
           (std::uint32_t(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
  }
}

// Appends the NFC form of `block` (valid UTF-8 without removed characters) to `out`.
void append_nfc(std::string& out, const std::string& block, bool needs_nfc) {
  if (!needs_nfc) {
    out += block;
    return;
  }
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(block.data()),
                                          static_cast<utf8proc_ssize_t>(block.size()), &mapped,
                                          static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owned(mapped, &std::free);
  if (n < 0) throw std::runtime_error(std::string("Unicode normalization failed: ") + utf8proc_errmsg(n));
  out.append(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
}

} // namespace

InvalidUtf8::InvalidUtf8(std::size_t offset, unsigned char byte)
    : std::runtime_error(describe_invalid(offset, byte)), offset_(offset) {}

std::string clean(std::string_view text, OnInvalid on_invalid, Findings& findings) {
  std::string out;
  out.reserve(text.size());
  // One line at a time: composition never crosses a line break, memory stays bounded by the
  // longest line, and utf8proc sees only the lines that may need it.
  std::string block;
  bool block_needs_nfc = false;
  const auto flush = [&] {
    append_nfc(out, block, block_needs_nfc);
    block.clear();
    block_needs_nfc = false;
  };
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = bytes[i];
    if (c >= 0x20 && c < 0x7F) { // printable ASCII: copy the whole run
      std::size_t end = i + 1;
      while (end < text.size() && bytes[end] >= 0x20 && bytes[end] < 0x7F) ++end;
      block.append(text.data() + i, end - i);
      i = end;
      continue;
    }
    if (c == '\r') {
      block.push_back('\n');
      i += (i + 1 < text.size() && bytes[i + 1] == '\n') ? 2 : 1;
    } else {
      const std::size_t length = utf8_sequence_length(bytes + i, text.size() - i);
      if (length == 0) {
        if (on_invalid == OnInvalid::reject) throw InvalidUtf8(i, c);
        ++findings.invalid_sequences;
        append_utf8(block, kReplacement); // U+FFFD is in NFC and composes with nothing
        i += maximal_subpart(bytes + i, text.size() - i);
        continue;
      }
      if (is_removed(decode(bytes + i, length))) {
        ++findings.removed_characters;
      } else {
        block.append(text.data() + i, length);
        if (c >= kFirstLeadNeedingNfc) block_needs_nfc = true;
      }
      i += length;
    }
    if (!block.empty() && block.back() == '\n') flush();
  }
  flush();
  return out;
}

} // namespace normalize_unicode
