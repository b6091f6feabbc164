// agenthost SDK: URLs as plugins that talk to the web need them — percent-encoding of query
// components, parsing, normalization (the cache key of a URL) and reference resolution (the
// Location header of a redirect). Header-only, RFC 3986; no network, no host services.
//
//   agenthost::url::percent_encode("a b&c")               -> "a%20b%26c"
//   agenthost::url::normalize("HTTP://Example.com:80")    -> "http://example.com/"
//   agenthost::url::resolve("http://a/b/c/d;p?q", "../g") -> "http://a/b/g"
//
// parse() is for absolute URLs and rejects what a request could not be sent to (no scheme, a
// space or control character, a bad port, an http(s) URL without a host). It checks syntax only:
// whether a URL may be fetched (scheme, address, userinfo) is the host's egress policy's call.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace agenthost::url {

// The parts of an absolute URL, without their delimiters. `host` holds an IPv6 literal without
// its brackets ("::1"); `port` is "" when absent. An empty query and no query look the same here
// (use normalize/resolve, which keep a lone "?", when that difference matters).
struct Url {
  std::string scheme, userinfo, host, port, path, query, fragment;
};

namespace detail {

inline bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
inline char to_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
inline int hex_value(char c) noexcept {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 section 2.3: the characters a URI may carry without encoding, anywhere.
inline bool is_unreserved(char c) noexcept {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}
// Characters of a reg-name host besides unreserved ones: sub-delims and '%' (RFC 3986 3.2.2).
inline bool is_host_char(char c) noexcept {
  return is_unreserved(c) || c == '%' || std::string_view("!$&'()*+,;=").find(c) != std::string_view::npos;
}

inline constexpr char kHexDigits[] = "0123456789ABCDEF";

inline bool is_scheme(std::string_view s) noexcept {
  if (s.empty() || !is_alpha(s[0])) return false;
  for (const char c : s)
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') return false;
  return true;
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

// A URI reference split as RFC 3986 appendix B does, keeping which components were present
// (an empty query "?" is not an absent one). `scheme` empty means a relative reference.
struct Reference {
  std::string scheme, authority, path, query, fragment;
  bool has_authority = false, has_query = false, has_fragment = false;
};

inline Reference split(std::string_view text) {
  Reference r;
  const std::size_t delimiter = text.find_first_of(":/?#");
  if (delimiter != std::string_view::npos && text[delimiter] == ':' && is_scheme(text.substr(0, delimiter))) {
    r.scheme = text.substr(0, delimiter);
    text.remove_prefix(delimiter + 1);
  }
  if (text.substr(0, 2) == "//") {
    const std::size_t end = text.find_first_of("/?#", 2);
    r.has_authority = true;
    r.authority = text.substr(2, end == std::string_view::npos ? std::string_view::npos : end - 2);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end);
  }
  const std::size_t path_end = text.find_first_of("?#");
  r.path = text.substr(0, path_end);
  text.remove_prefix(path_end == std::string_view::npos ? text.size() : path_end);
  if (!text.empty() && text[0] == '?') {
    const std::size_t end = text.find('#');
    r.has_query = true;
    r.query = text.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end);
  }
  if (!text.empty() && text[0] == '#') {
    r.has_fragment = true;
    r.fragment = text.substr(1);
  }
  return r;
}

// RFC 3986 section 5.3. Without an authority a path must not start with "//" (section 3.3), or
// it would read back as one: removing dot segments can make such a path ("foo:/..//x"), which is
// written "/.//x" (as the WHATWG URL standard does), the same path to a resolver.
inline std::string compose(const Reference& r) {
  std::string out;
  if (!r.scheme.empty()) out += r.scheme + ":";
  if (r.has_authority) out += "//" + r.authority;
  else if (r.path.substr(0, 2) == "//") out += "/.";
  out += r.path;
  if (r.has_query) out += "?" + r.query;
  if (r.has_fragment) out += "#" + r.fragment;
  return out;
}

struct Authority {
  std::string userinfo, host, port; // host without IPv6 brackets
};

// Splits "userinfo@host:port"; nullopt when the host or port is malformed.
inline std::optional<Authority> split_authority(std::string_view authority) {
  Authority a;
  const std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    a.userinfo = authority.substr(0, at);
    authority.remove_prefix(at + 1);
  }
  std::string_view port;
  if (!authority.empty() && authority[0] == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return std::nullopt;
    const std::string_view literal = authority.substr(1, close - 1);
    for (const char c : literal)
      if (!is_alpha(c) && !is_digit(c) && c != ':' && c != '.' && c != '%' && c != '_' && c != '~' && c != '-')
        return std::nullopt;
    a.host = literal;
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after[0] != ':') return std::nullopt;
    if (!after.empty()) port = after.substr(1);
  } else {
    const std::size_t colon = authority.rfind(':');
    a.host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    for (const char c : a.host)
      if (!is_host_char(c)) return std::nullopt;
  }
  if (port.size() > 5) return std::nullopt;
  for (const char c : port)
    if (!is_digit(c)) return std::nullopt;
  if (!port.empty() && std::stoi(std::string(port)) > 65535) return std::nullopt;
  a.port = port;
  return a;
}

inline std::string join_authority(const Authority& a) {
  std::string out;
  if (!a.userinfo.empty()) out += a.userinfo + "@";
  out += a.host.find(':') != std::string::npos ? "[" + a.host + "]" : a.host;
  if (!a.port.empty()) out += ":" + a.port;
  return out;
}

// RFC 3986 section 5.2.4.
inline std::string remove_dot_segments(std::string_view in) {
  std::string out;
  const auto drop_last_segment = [&out] {
    const std::size_t slash = out.rfind('/');
    out.erase(slash == std::string::npos ? 0 : slash);
  };
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") {
      in.remove_prefix(3);
    } else if (in.substr(0, 2) == "./") {
      in.remove_prefix(2);
    } else if (in.substr(0, 3) == "/./") {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../") {
      in.remove_prefix(3);
      drop_last_segment();
    } else if (in == "/..") {
      in = "/";
      drop_last_segment();
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      std::size_t end = in.find('/', 1);
      if (end == std::string_view::npos) end = in.size();
      out.append(in.substr(0, end));
      in.remove_prefix(end);
    }
  }
  return out;
}

// Decodes percent-encoded unreserved characters and upper-cases the hex of the others
// (RFC 3986 sections 6.2.2.1 and 6.2.2.2); a '%' not followed by two hex digits stays as it is.
inline std::string normalize_percent_encoding(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const int high = s[i] == '%' && i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
    const int low = high >= 0 ? hex_value(s[i + 2]) : -1;
    if (low < 0) {
      out.push_back(s[i]);
      continue;
    }
    const char decoded = static_cast<char>(high * 16 + low);
    if (is_unreserved(decoded)) {
      out.push_back(decoded);
    } else {
      out.push_back('%');
      out.push_back(kHexDigits[high]);
      out.push_back(kHexDigits[low]);
    }
    i += 2;
  }
  return out;
}

inline bool has_forbidden_byte(std::string_view s) noexcept {
  for (const char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) return true;
  }
  return false;
}

} // namespace detail

// RFC 3986 percent-encoding of one query-string component: unreserved characters are kept,
// every other byte (UTF-8 included) becomes %XX with upper-case hex; space becomes %20, not '+'.
inline std::string percent_encode(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  for (const char c : text) {
    if (detail::is_unreserved(c)) {
      out.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(detail::kHexDigits[byte >> 4]);
      out.push_back(detail::kHexDigits[byte & 0x0F]);
    }
  }
  return out;
}

// Parses an absolute URL ("scheme:..."); nullopt when it is malformed (see the file comment).
// The scheme is returned lower-cased; everything else as written.
inline std::optional<Url> parse(std::string_view text) {
  if (detail::has_forbidden_byte(text)) return std::nullopt;
  const detail::Reference r = detail::split(text);
  if (r.scheme.empty()) return std::nullopt;
  Url url;
  url.scheme = detail::lower(r.scheme);
  if (r.has_authority) {
    std::optional<detail::Authority> authority = detail::split_authority(r.authority);
    if (!authority) return std::nullopt;
    url.userinfo = std::move(authority->userinfo);
    url.host = std::move(authority->host);
    url.port = std::move(authority->port);
  }
  if ((url.scheme == "http" || url.scheme == "https") && url.host.empty()) return std::nullopt;
  url.path = r.path;
  url.query = r.query;
  url.fragment = r.fragment;
  return url;
}

// Writes a Url back as text. The "//authority" part is written when there is a host, userinfo
// or port, or the scheme is one that always has one (http, https, ws, wss, ftp, file).
inline std::string to_string(const Url& url) {
  detail::Reference r;
  r.scheme = url.scheme;
  const bool always_authority = url.scheme == "http" || url.scheme == "https" || url.scheme == "ws" ||
                                url.scheme == "wss" || url.scheme == "ftp" || url.scheme == "file";
  r.has_authority = always_authority || !url.host.empty() || !url.userinfo.empty() || !url.port.empty();
  if (r.has_authority) r.authority = detail::join_authority({url.userinfo, url.host, url.port});
  r.path = url.path;
  if (r.has_authority && !r.path.empty() && r.path[0] != '/') r.path.insert(0, "/");
  r.has_query = !url.query.empty();
  r.query = url.query;
  r.has_fragment = !url.fragment.empty();
  r.fragment = url.fragment;
  return detail::compose(r);
}

// The cache key of a URL (RFC 3986 section 6.2.2/6.2.3 normalization): lower-case scheme and
// host, the default port dropped (80 http, 443 https), an empty path made "/", dot segments
// removed, the fragment dropped, percent-encoded unreserved characters decoded and the hex of
// the others upper-cased. Returns the input unchanged when it does not parse.
inline std::string normalize(std::string_view absolute_url) {
  if (!parse(absolute_url)) return std::string(absolute_url);
  detail::Reference r = detail::split(absolute_url);
  r.scheme = detail::lower(r.scheme);
  if (r.has_authority) {
    detail::Authority a = *detail::split_authority(r.authority);
    a.userinfo = detail::normalize_percent_encoding(a.userinfo);
    // Decoded, lower-cased, then the hex of what stays encoded upper-cased again.
    a.host = detail::normalize_percent_encoding(detail::lower(detail::normalize_percent_encoding(a.host)));
    while (a.port.size() > 1 && a.port[0] == '0') a.port.erase(0, 1);
    if ((r.scheme == "http" && a.port == "80") || (r.scheme == "https" && a.port == "443")) a.port.clear();
    r.authority = detail::join_authority(a);
    if (r.path.empty()) r.path = "/";
  }
  r.path = detail::normalize_percent_encoding(r.path);
  if (!r.path.empty() && r.path[0] == '/') r.path = detail::remove_dot_segments(r.path);
  r.query = detail::normalize_percent_encoding(r.query);
  r.has_fragment = false;
  r.fragment.clear();
  return detail::compose(r);
}

// RFC 3986 section 5.2 (strict) resolution of `reference` against `base_absolute_url`, e.g. a
// redirect's Location header against the URL that answered it. When the base has no scheme the
// reference comes back unchanged (parse it to find out whether it is usable).
inline std::string resolve(std::string_view base_absolute_url, std::string_view reference) {
  const detail::Reference base = detail::split(base_absolute_url);
  const detail::Reference ref = detail::split(reference);
  if (base.scheme.empty() && ref.scheme.empty()) return std::string(reference);
  detail::Reference target;
  if (!ref.scheme.empty()) {
    target = ref;
    target.path = detail::remove_dot_segments(ref.path);
  } else {
    target.scheme = base.scheme;
    if (ref.has_authority) {
      target.has_authority = true;
      target.authority = ref.authority;
      target.path = detail::remove_dot_segments(ref.path);
      target.has_query = ref.has_query;
      target.query = ref.query;
    } else {
      target.has_authority = base.has_authority;
      target.authority = base.authority;
      if (ref.path.empty()) {
        target.path = base.path;
        target.has_query = ref.has_query || base.has_query;
        target.query = ref.has_query ? ref.query : base.query;
      } else {
        if (ref.path[0] == '/') {
          target.path = detail::remove_dot_segments(ref.path);
        } else {
          // Merge (section 5.2.3): the base path up to its last '/', then the reference path.
          std::string merged;
          if (base.has_authority && base.path.empty()) {
            merged = "/" + ref.path;
          } else {
            const std::size_t slash = base.path.rfind('/');
            merged = (slash == std::string::npos ? std::string() : base.path.substr(0, slash + 1)) + ref.path;
          }
          target.path = detail::remove_dot_segments(merged);
        }
        target.has_query = ref.has_query;
        target.query = ref.query;
      }
    }
  }
  target.has_fragment = ref.has_fragment;
  target.fragment = ref.fragment;
  return detail::compose(target);
}

} // namespace agenthost::url
