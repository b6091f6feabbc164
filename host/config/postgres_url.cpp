#include "config/postgres_url.hpp"

#include "common/error.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>
#include <vector>

namespace agenthost::config {

namespace {

using Keywords = std::vector<std::pair<std::string, std::string>>;

const char* const url_form = "write postgresql://USER:PASSWORD@HOST:PORT/DBNAME?PARAM=VALUE&...";
const char* const encoding_hint =
    "percent-encode '@', ':', '/', '?', '&', '%' and spaces inside the user name and password, e.g. '/' as %2F";

// The URL itself is never part of the message: it may hold a password.
[[noreturn]] void fail(const std::string& what) {
  throw Error(ErrorKind::config, "invalid PostgreSQL URL: " + what + "; " + url_form);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes. Returns nullopt on a malformed escape or an encoded NUL, which libpq
// cannot take (its strings end at NUL).
std::optional<std::string> try_percent_decode(std::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const int high = hex_digit(text[i + 1]);
    const int low = hex_digit(text[i + 2]);
    if (high < 0 || low < 0 || (high == 0 && low == 0)) return std::nullopt;
    decoded += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return decoded;
}

std::string percent_decode(std::string_view text, const std::string& component) {
  std::optional<std::string> decoded = try_percent_decode(text);
  if (!decoded) {
    fail("bad percent-encoding in " + component +
         ": '%' must be followed by two hex digits other than %00 (write %25 for a literal '%')");
  }
  return *decoded;
}

// libpq keyword/value syntax: a value with whitespace, quotes or backslashes, or an empty one,
// goes in single quotes with ' and \ escaped by a backslash.
std::string quoted(const std::string& value) {
  const bool needs_quotes =
      value.empty() || std::any_of(value.begin(), value.end(), [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '\'' || c == '\\';
      });
  if (!needs_quotes) return value;
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

bool is_keyword(const std::string& name) {
  return !name.empty() &&
         std::all_of(name.begin(), name.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

bool is_scheme_text(std::string_view scheme) {
  return !scheme.empty() && scheme.size() <= 20 && std::all_of(scheme.begin(), scheme.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
           c == '.';
  });
}

void add_keyword(Keywords& keywords, const std::string& name, std::string value) {
  const bool repeated = std::any_of(keywords.begin(), keywords.end(), [&](const auto& kw) { return kw.first == name; });
  if (repeated)
    fail("'" + name + "' is given twice (in the URL and as ?" + name + "=, or twice as ?" + name + "=); give it once");
  keywords.emplace_back(name, std::move(value));
}

struct Authority {
  std::optional<std::string> host;
  std::optional<std::string> port;
  std::optional<std::string> user;
  std::optional<std::string> password;
};

// The part after "://" up to the path: [USER[:PASSWORD]@]HOST[:PORT].
Authority parse_authority(std::string_view authority) {
  Authority parsed;
  std::string_view hostport = authority;
  // The last '@' ends the user info, so an unencoded '@' in a password still parses.
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    hostport = authority.substr(at + 1);
    const std::size_t colon = userinfo.find(':');
    const std::string_view user_text = userinfo.substr(0, colon);
    if (!user_text.empty()) parsed.user = percent_decode(user_text, "the user name");
    // An empty password ("user:@host") counts as none, as in libpq's own URL parser.
    if (colon != std::string_view::npos && colon + 1 < userinfo.size()) {
      parsed.password = percent_decode(userinfo.substr(colon + 1), "the password");
    }
  }

  std::string_view host_text = hostport;
  std::optional<std::string_view> port_text;
  if (!hostport.empty() && hostport.front() == '[') {
    const std::size_t close = hostport.find(']');
    if (close == std::string_view::npos) fail("the IPv6 host is missing its closing ']'");
    host_text = hostport.substr(1, close - 1);
    const std::string_view after = hostport.substr(close + 1);
    if (!after.empty() && after.front() != ':') fail("expected ':PORT' or '/DBNAME' after the IPv6 host's ']'");
    if (!after.empty()) port_text = after.substr(1);
    if (host_text.empty()) fail("the brackets hold no IPv6 address");
  } else {
    if (hostport.find(',') != std::string_view::npos) fail("several hosts are not supported; give one host");
    const std::size_t colon = hostport.find(':');
    if (colon != std::string_view::npos && hostport.find(':', colon + 1) != std::string_view::npos) {
      fail("an IPv6 host must be written in brackets, e.g. postgresql://[::1]:5432/DBNAME (or " +
           std::string(encoding_hint) + ")");
    }
    if (colon != std::string_view::npos) {
      host_text = hostport.substr(0, colon);
      port_text = hostport.substr(colon + 1);
    }
  }

  if (!host_text.empty()) parsed.host = percent_decode(host_text, "the host");
  if (port_text) {
    // The port is not echoed: when a password holds an unencoded '/', part of it lands here.
    const bool digits = !port_text->empty() && port_text->size() <= 5 &&
                        std::all_of(port_text->begin(), port_text->end(), [](char c) { return c >= '0' && c <= '9'; });
    const long port = digits ? std::stol(std::string(*port_text)) : 0;
    if (port < 1 || port > 65535) {
      fail("the port must be a number from 1 to 65535, or left out together with its ':' (if the password "
           "contains special characters, " +
           std::string(encoding_hint) + ")");
    }
    parsed.port = std::to_string(port);
  }
  return parsed;
}

void parse_query(std::string_view query, Keywords& keywords) {
  std::size_t start = 0;
  int index = 0;
  while (start <= query.size()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string_view pair = query.substr(start, end - start);
    start = end + 1;
    ++index;
    if (pair.empty()) continue; // "?a=1&&b=2" or a trailing '&'
    const std::size_t equals = pair.find('=');
    const std::string name = percent_decode(pair.substr(0, equals), "a query parameter name");
    if (!is_keyword(name)) {
      fail("query parameter " + std::to_string(index) +
           " has no valid name; names are libpq keywords (lowercase letters and '_'), e.g. ?sslmode=require");
    }
    if (equals == std::string_view::npos) fail("query parameter '" + name + "' has no '=VALUE'");
    add_keyword(keywords, name, percent_decode(pair.substr(equals + 1), "the value of ?" + name + "="));
  }
}

} // namespace

std::string libpq_connection_string(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) fail("expected it to start with postgresql:// or postgres://");
  const std::string_view scheme = url.substr(0, scheme_end);
  if (scheme != "postgresql" && scheme != "postgres") {
    fail(is_scheme_text(scheme) ? "unsupported scheme '" + std::string(scheme) + "://'; use postgresql://"
                                : std::string("unsupported scheme; use postgresql://"));
  }
  const std::string_view rest = url.substr(scheme_end + 3);
  const std::size_t authority_end = std::min(rest.find_first_of("/?"), rest.size());
  const std::size_t query_start = std::min(rest.find('?', authority_end), rest.size());

  const Authority authority = parse_authority(rest.substr(0, authority_end));
  const std::optional<std::string> dbname = [&]() -> std::optional<std::string> {
    if (authority_end == query_start) return std::nullopt; // no "/DBNAME" path
    const std::string_view path = rest.substr(authority_end + 1, query_start - authority_end - 1);
    if (path.empty()) return std::nullopt;
    return percent_decode(path, "the database name");
  }();
  Keywords keywords;
  for (const auto& [name, value] :
       {std::pair{"host", &authority.host}, std::pair{"port", &authority.port}, std::pair{"dbname", &dbname},
        std::pair{"user", &authority.user}, std::pair{"password", &authority.password}}) {
    if (*value) keywords.emplace_back(name, **value);
  }
  if (query_start < rest.size()) parse_query(rest.substr(query_start + 1), keywords);

  const bool has_host = std::any_of(keywords.begin(), keywords.end(), [](const auto& kw) {
    return (kw.first == "host" || kw.first == "hostaddr") && !kw.second.empty();
  });
  if (!has_host) fail("no host; give one after '://' (or ?host=/path/to/socket/dir for a Unix socket)");

  std::string out;
  for (const auto& [name, value] : keywords) {
    if (!out.empty()) out += ' ';
    out += name + "=" + quoted(value);
  }
  return out;
}

std::string redact_url_password(std::string_view url) {
  static const std::string mask = "***";
  std::string out(url);
  std::size_t query_search_from = 0;
  if (const std::size_t scheme_end = out.find("://"); scheme_end != std::string::npos) {
    const std::size_t start = scheme_end + 3;
    const std::size_t authority_end = std::min(out.find_first_of("/?", start), out.size());
    std::size_t at = out.rfind('@', authority_end - 1); // authority_end >= start > 0
    // No '@' in a well-formed authority: a password with an unencoded '/' or '?' may still hold
    // one further on, so take the last '@' anywhere; redacting too much beats leaking.
    if (at == std::string::npos || at < start) at = out.rfind('@');
    if (at != std::string::npos && at >= start) {
      const std::size_t colon = out.find(':', start);
      if (colon < at) {
        out.replace(colon + 1, at - colon - 1, mask);
        query_search_from = colon + 1 + mask.size(); // a '?' inside the password is no query
      } else {
        query_search_from = start;
      }
    }
  }

  const std::size_t question = out.find('?', query_search_from);
  if (question == std::string::npos) return out;
  std::string redacted = out.substr(0, question + 1);
  std::size_t start = question + 1;
  while (start <= out.size()) {
    const std::size_t end = std::min(out.find('&', start), out.size());
    const std::string pair = out.substr(start, end - start);
    const std::size_t equals = pair.find('=');
    std::string name = pair.substr(0, equals);
    if (std::optional<std::string> decoded = try_percent_decode(name)) name = *decoded;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    const bool secret = equals != std::string::npos && name.find("password") != std::string::npos;
    redacted += secret ? pair.substr(0, equals + 1) + mask : pair;
    if (end < out.size()) redacted += '&';
    start = end + 1;
  }
  return redacted;
}

} // namespace agenthost::config
