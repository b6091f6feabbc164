#include "http/request_target.hpp"

#include "common/error.hpp"

#include <algorithm>

namespace agenthost::http {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Strips "scheme://authority" from an absolute-form target, leaving what follows it.
std::optional<std::string_view> after_authority(std::string_view target) {
  const auto scheme_end = target.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return std::nullopt;
  for (char c : target.substr(0, scheme_end)) {
    const bool scheme_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    if (!scheme_char) return std::nullopt;
  }
  const std::string_view rest = target.substr(scheme_end + 3);
  const auto authority_end = rest.find_first_of("/?#");
  return authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
}

} // namespace

std::optional<RequestTarget> split_request_target(std::string_view target) {
  if (target.empty()) return std::nullopt;
  if (target.front() != '/') {
    const auto rest = after_authority(target);
    if (!rest) return std::nullopt;
    target = *rest;
  }
  target = target.substr(0, target.find('#'));

  RequestTarget split;
  const auto query_start = target.find('?');
  split.path = std::string(target.substr(0, query_start));
  if (query_start != std::string_view::npos)
    split.query = std::string(target.substr(query_start + 1));
  if (split.path.empty()) split.path = "/";
  return split;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt; // fewer than two characters follow
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      decoded += static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      decoded += ' ';
    } else {
      decoded += c;
    }
  }
  return decoded;
}

QueryParams parse_query_string(std::string_view raw_query) {
  QueryParams params;
  std::size_t start = 0;
  while (start <= raw_query.size()) {
    const auto end = std::min(raw_query.find('&', start), raw_query.size());
    const std::string_view piece = raw_query.substr(start, end - start);
    start = end + 1;
    if (piece.empty()) continue;

    const auto equals = piece.find('=');
    auto name = percent_decode(piece.substr(0, equals), true);
    auto value = equals == std::string_view::npos ? std::optional<std::string>(std::string())
                                                  : percent_decode(piece.substr(equals + 1), true);
    if (!name || !value) {
      throw Error(ErrorKind::invalid_request,
                  "malformed percent-encoding in query parameter '" + std::string(piece) +
                      "'; a '%' must be followed by two hex digits (write a literal '%' as %25)");
    }
    params.emplace_back(std::move(*name), std::move(*value));
  }
  return params;
}

} // namespace agenthost::http
