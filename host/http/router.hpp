// Routes: (method, pattern) → handler, with `{name}` segments captured as path parameters.
//
// Matching is strict: a path matches a pattern only with the same number of non-empty
// segments, so "/health/" and "//health" do not match "/health" (one canonical URL per
// resource; clients get a 404 that names the path they sent). The query string never takes
// part. When several patterns match, the one with a literal segment where the others have a
// parameter (compared left to right) wins: "/agents/search" beats "/agents/{id}".
// HEAD falls back to the GET route unless a HEAD route is registered.
//
// A Router is filled at startup and then only read, from many threads at once.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agenthost::http {

class Request;
class Response;

using Handler = std::function<void(Request&, Response&)>;
using PathParams = std::map<std::string, std::string, std::less<>>;

struct RouteMatch {
  enum class Outcome { matched, not_found, method_not_allowed };

  Outcome outcome = Outcome::not_found;
  const Handler* handler = nullptr;         // when matched; owned by the Router
  std::string pattern;                      // when matched, e.g. "/api/v1/agents/{id}"
  PathParams params;                        // when matched; percent-decoded values
  std::vector<std::string> allowed_methods; // when method_not_allowed; sorted, unique
};

class Router {
public:
  // `method` is an upper-case token ("GET"); `pattern` starts with '/', has no empty segments
  // and no trailing '/', and each `{name}` is a whole segment with a unique name of
  // [A-Za-z0-9_]. Throws Error(ErrorKind::internal) describing the mistake for a bad method or
  // pattern, an empty handler, or a pattern that duplicates the shape of one already
  // registered for the method ("/a/{x}" vs "/a/{id}").
  void add(std::string_view method, std::string_view pattern, Handler handler);

  // `raw_path` is the still-encoded path of the request target. Throws
  // Error(ErrorKind::invalid_request) when a path segment has malformed percent-encoding.
  RouteMatch match(std::string_view method, std::string_view raw_path) const;

  std::size_t size() const noexcept { return routes_.size(); }
  // Every registered (method, pattern), in registration order: for checking the routes
  // against the API's documentation. HEAD is listed only when registered explicitly.
  std::vector<std::pair<std::string, std::string>> routes() const;

private:
  struct Segment {
    bool is_param = false;
    std::string text; // the literal, or the parameter name
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
  };

  static std::vector<Segment> parse_pattern(std::string_view method, std::string_view pattern);
  static bool same_shape(const Route& a, const Route& b);
  static bool matches(const Route& route, const std::vector<std::string>& segments);
  static bool more_specific(const Route& candidate, const Route& than);

  std::vector<Route> routes_;
};

// Renders allowed methods for an Allow header: "GET, HEAD, POST".
std::string join_methods(const std::vector<std::string>& methods);

} // namespace agenthost::http
