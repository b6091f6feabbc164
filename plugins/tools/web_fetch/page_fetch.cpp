#include "page_fetch.hpp"

#include "agenthost/http_errors.hpp"
#include "agenthost/url.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <utility>

namespace web_fetch {

namespace {

using agenthost::CallError;

const char* reason_phrase(int status) {
  switch (status) {
  case 300: return "Multiple Choices";
  case 304: return "Not Modified";
  case 400: return "Bad Request";
  case 401: return "Unauthorized";
  case 402: return "Payment Required";
  case 403: return "Forbidden";
  case 404: return "Not Found";
  case 405: return "Method Not Allowed";
  case 406: return "Not Acceptable";
  case 407: return "Proxy Authentication Required";
  case 408: return "Request Timeout";
  case 410: return "Gone";
  case 414: return "URI Too Long";
  case 415: return "Unsupported Media Type";
  case 429: return "Too Many Requests";
  case 451: return "Unavailable For Legal Reasons";
  case 500: return "Internal Server Error";
  case 501: return "Not Implemented";
  case 502: return "Bad Gateway";
  case 503: return "Service Unavailable";
  case 504: return "Gateway Timeout";
  default: return nullptr;
  }
}

// What the model can do about an error status.
std::string status_hint(int status) {
  if (status == 401 || status == 403 || status == 407)
    return "; the page needs a login or refuses automated clients, so try another source";
  if (status == 404 || status == 410) return "; check the URL, or search for the page's current address";
  if (status == 429) return "; the site is rate limiting, so try again later or use another source";
  if (status >= 500) return "; the server failed, so try again later or use another source";
  return {};
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// A URL in a message about the page: the one that answered and, after redirects, where it began.
std::string where(const std::string& url, const std::string& requested) {
  return url == requested ? quote_url(url) : quote_url(url) + " (redirected from " + quote_url(requested) + ")";
}

// The host's failure (egress refusal, DNS, connect, TLS, timeout) with the URL it was for and,
// where there is one, what the model can do next. The host's own words stay: they name the
// address and the rule, or the timeout that ran out.
CallError host_failure(const CallError& e, const std::string& url, const std::string& requested) {
  if (e.status() == AH_ERR_CANCELLED) return e;
  std::string message = "web_fetch: fetching " + where(url, requested) + " failed: " + e.what();
  if (e.status() == AH_ERR_PERMISSION) message += " (do not retry this URL; the refusal is the operator's policy)";
  else if (e.status() == AH_ERR_TIMEOUT) message += " (the site is slow or unreachable; try again later or another source)";
  return CallError(e.status(), std::move(message));
}

using Clock = std::chrono::steady_clock;

} // namespace

std::string describe_status(int status) {
  const char* reason = reason_phrase(status);
  return "HTTP " + std::to_string(status) + (reason ? std::string(" ") + reason : std::string());
}

std::string request_form(std::string_view url) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const auto is_hex = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  };
  std::string out;
  out.reserve(url.size());
  for (std::size_t i = 0; i < url.size(); ++i) {
    const char c = url[i];
    const auto byte = static_cast<unsigned char>(c);
    const bool stray_percent = c == '%' && !(i + 2 < url.size() && is_hex(url[i + 1]) && is_hex(url[i + 2]));
    if (byte >= 0x80 || c == ' ' || c == '"' || c == '<' || c == '>' || c == '`' || stray_percent) {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string wire_url(std::string_view absolute_url) {
  std::string out(absolute_url.substr(0, absolute_url.find('#')));
  const std::size_t authority = out.find("//");
  if (authority == std::string::npos) return out;
  const std::size_t path = out.find_first_of("/?", authority + 2);
  if (path == std::string::npos) out += '/';
  else if (out[path] == '?') out.insert(path, "/");
  return out;
}

void check_host_name(std::string_view host, std::string_view url) {
  if (host.find(':') != std::string_view::npos || host.find('%') == std::string_view::npos) return;
  throw CallError::invalid_argument("web_fetch: " + quote_url(url) +
                                    " has a percent-encoded or non-ASCII host name, which cannot be looked up; "
                                    "write the host name in plain ASCII (an international name in its punycode "
                                    "form, xn--...)");
}

std::string quote_url(std::string_view url) { return agenthost::quote_for_message(url, 300); }

FetchedPage fetch_page(const agenthost::HostServices& host, agenthost::Call& call, const std::string& url,
                       const FetchLimits& limits) {
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(limits.timeout_ms);
  FetchedPage page;
  std::string current = url;
  for (;;) {
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (remaining <= 0) {
      throw CallError::timeout("web_fetch: fetching " + where(current, url) + " took longer than timeout_seconds (" +
                               std::to_string(limits.timeout_ms / 1000) +
                               " s) over " + std::to_string(page.redirects) + " redirects; try another source");
    }
    agenthost::HttpRequest request;
    request.url = current;
    // identity: the host does not decode Content-Encoding, and without this header a server may
    // pick any coding (RFC 9110 12.5.3); a compressed body is refused below, never decoded.
    request.headers = {{"Accept", kAcceptHeader}, {"Accept-Encoding", "identity"}, {"User-Agent", limits.user_agent}};
    request.connect_timeout_ms = std::min<int64_t>(limits.connect_timeout_ms, remaining);
    request.total_timeout_ms = remaining;
    // This tool enforces max_bytes itself (it keeps the first max_bytes of a longer page), so
    // the host must not refuse a page for its announced length first.
    request.max_response_bytes = std::numeric_limits<int64_t>::max();
    request.max_redirects = 0; // every hop comes back here, to pass the egress check and be counted

    page.body.clear();
    page.cut_at_max_bytes = false;
    bool read_body = false;
    std::string content_coding; // a Content-Encoding other than identity, as sent
    agenthost::HttpResponse head;
    try {
      head = host.http(
          call, request,
          [&](const agenthost::HttpResponse& response) {
            page.media_type = parse_media_type(response.header("Content-Type"));
            page.kind = kind_of(page.media_type.type);
            const MediaType coding = parse_media_type(response.header("Content-Encoding")); // lower-cased, trimmed
            content_coding = coding.type == "identity" ? std::string() : coding.type;
            read_body = response.status >= 200 && response.status <= 299 && page.kind != ContentKind::refused &&
                        content_coding.empty();
            return read_body;
          },
          [&](std::string_view chunk) {
            const std::size_t room = static_cast<std::size_t>(limits.max_bytes) - page.body.size();
            if (chunk.size() > room) { // keep the first max_bytes, stop reading
              page.body.append(chunk.substr(0, room));
              page.cut_at_max_bytes = true;
              return false;
            }
            page.body.append(chunk);
            return true;
          });
    } catch (const CallError& e) {
      throw host_failure(e, current, url);
    }
    page.status = head.status;
    page.final_url = current;
    if (is_redirect(head.status)) {
      const std::string location = head.header("Location");
      if (location.empty())
        throw CallError::upstream("web_fetch: " + where(current, url) + " answered " + describe_status(head.status) +
                                  " without a Location header; try another source");
      if (page.redirects >= limits.max_redirects)
        throw CallError::upstream("web_fetch: " + quote_url(url) + " redirected more than " +
                                  std::to_string(limits.max_redirects) + " times (max_redirects); the last hop was " +
                                  quote_url(current) + " → " + quote_url(location));
      const std::string next = wire_url(agenthost::url::resolve(current, request_form(location)));
      const auto parsed = agenthost::url::parse(next);
      if (!parsed)
        throw CallError::upstream("web_fetch: " + where(current, url) + " redirected to " + quote_url(location) +
                                  ", which is not a valid URL; try another source");
      if (parsed->scheme != "http" && parsed->scheme != "https")
        throw CallError::upstream("web_fetch: " + where(current, url) + " redirected to " + quote_url(next) +
                                  ", which is not an http(s) URL this tool may fetch");
      current = next;
      ++page.redirects;
      continue;
    }
    if (head.status < 200 || head.status > 299)
      throw CallError(agenthost::status_for_http(head.status),
                      "web_fetch: " + where(current, url) + " answered " + describe_status(head.status) +
                          status_hint(head.status));
    if (!content_coding.empty()) {
      throw CallError::upstream("web_fetch: " + where(current, url) + " sent its body compressed (Content-Encoding: " +
                                agenthost::quote_for_message(content_coding, 40) +
                                ") although web_fetch asked for none (Accept-Encoding: identity); this tool cannot "
                                "decode it, so try another source");
    }
    if (!read_body) {
      throw CallError(AH_ERR_INVALID_ARGUMENT, "web_fetch: " + where(current, url) + " is " + page.media_type.type +
                                              "; this tool reads HTML and text pages only");
    }
    return page;
  }
}

} // namespace web_fetch
