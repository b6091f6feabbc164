#include "content_kind.hpp"

#include "agenthost/json/utf8.hpp"

#include <cstdint>

namespace web_fetch {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view s) {
  const std::size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string_view unquote(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) s = s.substr(1, s.size() - 2);
  return trim(s);
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view without_utf8_bom(std::string_view s) { return starts_with(s, "\xEF\xBB\xBF") ? s.substr(3) : s; }

// windows-1252 bytes 0x80..0x9F (WHATWG encoding index); 0 marks the five unassigned bytes,
// which map to the C1 control of the same value as browsers do.
constexpr std::uint16_t kWindows1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

bool is_windows_1252_label(std::string_view charset) {
  for (const char* label : {"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "windows-1252",
                            "cp1252", "x-cp1252", "us-ascii", "ascii", "iso-ir-100", "ibm819", "cp819"}) {
    if (charset == label) return true;
  }
  return false;
}

} // namespace

MediaType parse_media_type(std::string_view header) {
  MediaType media;
  std::size_t semicolon = header.find(';');
  media.type = lower(trim(header.substr(0, semicolon)));
  while (semicolon != std::string_view::npos) {
    header.remove_prefix(semicolon + 1);
    semicolon = header.find(';');
    const std::string_view parameter = header.substr(0, semicolon);
    const std::size_t equals = parameter.find('=');
    if (equals != std::string_view::npos && lower(trim(parameter.substr(0, equals))) == "charset")
      media.charset = lower(unquote(parameter.substr(equals + 1)));
  }
  return media;
}

ContentKind kind_of(std::string_view media_type) {
  if (media_type.empty()) return ContentKind::unknown;
  if (media_type == "text/html" || media_type == "application/xhtml+xml") return ContentKind::html;
  if (starts_with(media_type, "text/") || media_type == "application/json" || media_type == "application/xml" ||
      ends_with(media_type, "+json") || ends_with(media_type, "+xml"))
    return ContentKind::text;
  return ContentKind::refused;
}

ContentKind sniff(std::string_view body) {
  const std::string head = lower(trim(without_utf8_bom(body.substr(0, 512))));
  if (starts_with(head, "<!doctype html") || starts_with(head, "<html")) return ContentKind::html;
  if (body.find('\0') == std::string_view::npos && is_valid_utf8(body)) return ContentKind::text;
  return ContentKind::refused;
}

std::string meta_charset(std::string_view html) {
  const std::string head = lower(html.substr(0, 1024));
  for (std::size_t meta = head.find("<meta"); meta != std::string::npos; meta = head.find("<meta", meta + 5)) {
    const std::size_t end = head.find('>', meta);
    const std::string_view tag = std::string_view(head).substr(meta, end == std::string::npos ? std::string::npos : end - meta);
    const std::size_t at = tag.find("charset=");
    if (at == std::string_view::npos) continue;
    std::string_view value = tag.substr(at + 8);
    if (!value.empty() && (value.front() == '"' || value.front() == '\'')) value.remove_prefix(1);
    return std::string(value.substr(0, value.find_first_of("\"'; \t\r\n/>")));
  }
  return {};
}

bool is_readable_charset(std::string_view charset) {
  return charset.empty() || charset == "utf-8" || charset == "utf8" || charset == "unicode-1-1-utf-8" ||
         is_windows_1252_label(charset);
}

bool is_valid_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t length = agenthost::json::detail::utf8_sequence_length(p + i, bytes.size() - i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

void drop_partial_utf8_tail(std::string& bytes) {
  // The last lead byte among the final four, and whether its sequence is complete.
  for (std::size_t back = 1; back <= 4 && back <= bytes.size(); ++back) {
    const auto byte = static_cast<unsigned char>(bytes[bytes.size() - back]);
    if ((byte & 0xC0) == 0x80) continue; // a continuation byte: keep looking for the lead
    const std::size_t needed = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1;
    if (needed > back) bytes.resize(bytes.size() - back);
    return;
  }
}

std::string to_utf8(std::string body, std::string_view charset) {
  if (starts_with(body, "\xEF\xBB\xBF")) body.erase(0, 3);
  // A page labelled Latin-1 that is valid UTF-8 is UTF-8 with a wrong label (a common server
  // default): real Latin-1 text with accents is almost never valid UTF-8, so this guess is safe.
  if (!is_windows_1252_label(charset) || is_valid_utf8(body)) return body;
  std::string out;
  out.reserve(body.size() + body.size() / 8);
  for (const char c : body) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out.push_back(c);
    } else {
      const std::uint16_t mapped = byte <= 0x9F ? kWindows1252High[byte - 0x80] : 0;
      agenthost::json::detail::append_utf8(out, mapped != 0 ? mapped : byte);
    }
  }
  return out;
}

} // namespace web_fetch
