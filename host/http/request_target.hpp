// Taking a request target apart: path, query string, percent-decoding.
//
// Routing works on the raw (still percent-encoded) path split at '/', decoding each segment on
// its own, so an encoded slash (%2F) inside an id can never create an extra path segment.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agenthost::http {

struct RequestTarget {
  std::string path;  // raw, e.g. "/api/v1/agents/a%20b"; always starts with '/'
  std::string query; // raw, without the '?'; empty when absent
};

// Accepts origin-form ("/a/b?x=1") and absolute-form ("http://host:80/a/b?x=1"; the path is
// "/" when the authority is followed by nothing). Any fragment is dropped. Returns nullopt for
// other forms ("*", "a/b", ""), which no route can serve.
std::optional<RequestTarget> split_request_target(std::string_view target);

// Percent-decodes `text`; with `plus_is_space` a '+' becomes ' ' (form/query encoding).
// Returns nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// Query parameters in the order given; a name may repeat.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Parses "a=1&b=&c&a=2" into [(a,1), (b,""), (c,""), (a,2)]; empty pieces ("a=1&&b=2") are
// skipped. Throws Error(ErrorKind::invalid_request) naming the piece whose percent-encoding
// is malformed.
QueryParams parse_query_string(std::string_view raw_query);

} // namespace agenthost::http
