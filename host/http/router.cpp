#include "http/router.hpp"

#include "common/error.hpp"
#include "http/request_target.hpp"

#include <algorithm>
#include <set>

namespace agenthost::http {

namespace {

[[noreturn]] void reject_route(std::string_view method, std::string_view pattern,
                               const std::string& why) {
  throw Error(ErrorKind::internal, "cannot register route " + std::string(method) + " " +
                                       std::string(pattern) + ": " + why);
}

bool is_method_token(std::string_view method) {
  return !method.empty() &&
         std::all_of(method.begin(), method.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool is_param_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// "/" has no segments; "/a/b" has ["a", "b"]; "/a/" has ["a", ""].
std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path == "/") return segments;
  std::size_t start = 1;
  while (true) {
    const auto slash = path.find('/', start);
    segments.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

} // namespace

std::vector<Router::Segment> Router::parse_pattern(std::string_view method,
                                                   std::string_view pattern) {
  if (pattern.empty() || pattern.front() != '/') {
    reject_route(method, pattern, "the pattern must start with '/'");
  }
  std::vector<Segment> segments;
  std::set<std::string, std::less<>> param_names;
  for (std::string_view text : split_segments(pattern)) {
    if (text.empty()) {
      reject_route(method, pattern,
                   "empty segment (a doubled or trailing '/'); write the pattern without it");
    }
    const bool braced = text.size() >= 2 && text.front() == '{' && text.back() == '}';
    if (!braced) {
      if (text.find_first_of("{}%?#") != std::string_view::npos) {
        reject_route(method, pattern,
                     "segment '" + std::string(text) +
                         "' mixes a literal with '{', '}', '%', '?' or '#'; "
                         "a parameter must be a whole segment");
      }
      segments.push_back(Segment{false, std::string(text)});
      continue;
    }
    const std::string_view name = text.substr(1, text.size() - 2);
    if (!is_param_name(name)) {
      reject_route(method, pattern,
                   "parameter '" + std::string(text) +
                       "' must be {name} with name of [A-Za-z0-9_]");
    }
    if (!param_names.insert(std::string(name)).second) {
      reject_route(method, pattern, "parameter {" + std::string(name) + "} appears twice");
    }
    segments.push_back(Segment{true, std::string(name)});
  }
  return segments;
}

bool Router::same_shape(const Route& a, const Route& b) {
  return a.segments.size() == b.segments.size() &&
         std::equal(a.segments.begin(), a.segments.end(), b.segments.begin(),
                    [](const Segment& x, const Segment& y) {
                      return x.is_param == y.is_param && (x.is_param || x.text == y.text);
                    });
}

void Router::add(std::string_view method, std::string_view pattern, Handler handler) {
  if (!is_method_token(method)) {
    reject_route(method, pattern, "the method must be an upper-case token such as GET");
  }
  if (!handler) reject_route(method, pattern, "the handler is empty");

  Route route{std::string(method), std::string(pattern), parse_pattern(method, pattern),
              std::move(handler)};
  for (const Route& existing : routes_) {
    if (existing.method == route.method && same_shape(existing, route)) {
      reject_route(method, pattern,
                   "it matches exactly the same paths as " + existing.method + " " +
                       existing.pattern + ", registered earlier");
    }
  }
  routes_.push_back(std::move(route));
}

bool Router::matches(const Route& route, const std::vector<std::string>& segments) {
  if (route.segments.size() != segments.size()) return false;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    // No pattern segment is empty, so an empty request segment ("/a//b", "/a/") never matches.
    if (segments[i].empty()) return false;
    if (!route.segments[i].is_param && route.segments[i].text != segments[i]) return false;
  }
  return true;
}

bool Router::more_specific(const Route& candidate, const Route& than) {
  for (std::size_t i = 0; i < candidate.segments.size(); ++i) {
    if (candidate.segments[i].is_param != than.segments[i].is_param)
      return !candidate.segments[i].is_param;
  }
  return false;
}

RouteMatch Router::match(std::string_view method, std::string_view raw_path) const {
  RouteMatch result;
  if (raw_path.empty() || raw_path.front() != '/') return result;

  std::vector<std::string> segments;
  for (std::string_view raw_segment : split_segments(raw_path)) {
    auto decoded = percent_decode(raw_segment, false);
    if (!decoded) {
      throw Error(ErrorKind::invalid_request,
                  "malformed percent-encoding in path segment '" + std::string(raw_segment) +
                      "'; a '%' must be followed by two hex digits (write a literal '%' as %25)");
    }
    segments.push_back(std::move(*decoded));
  }

  std::vector<const Route*> path_matches;
  for (const Route& route : routes_) {
    if (matches(route, segments)) path_matches.push_back(&route);
  }
  if (path_matches.empty()) return result;

  const auto best_for = [&](std::string_view wanted) {
    const Route* best = nullptr;
    for (const Route* route : path_matches) {
      if (route->method == wanted && (best == nullptr || more_specific(*route, *best)))
        best = route;
    }
    return best;
  };
  const Route* chosen = best_for(method);
  if (chosen == nullptr && method == "HEAD") chosen = best_for("GET");

  if (chosen == nullptr) {
    std::set<std::string> allowed;
    for (const Route* route : path_matches) {
      allowed.insert(route->method);
      if (route->method == "GET") allowed.insert("HEAD");
    }
    result.outcome = RouteMatch::Outcome::method_not_allowed;
    result.allowed_methods.assign(allowed.begin(), allowed.end());
    return result;
  }

  result.outcome = RouteMatch::Outcome::matched;
  result.handler = &chosen->handler;
  result.pattern = chosen->pattern;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (chosen->segments[i].is_param)
      result.params.emplace(chosen->segments[i].text, std::move(segments[i]));
  }
  return result;
}

std::vector<std::pair<std::string, std::string>> Router::routes() const {
  std::vector<std::pair<std::string, std::string>> listed;
  listed.reserve(routes_.size());
  for (const Route& route : routes_) listed.emplace_back(route.method, route.pattern);
  return listed;
}

std::string join_methods(const std::vector<std::string>& methods) {
  std::string joined;
  for (const auto& method : methods) {
    if (!joined.empty()) joined += ", ";
    joined += method;
  }
  return joined;
}

} // namespace agenthost::http
