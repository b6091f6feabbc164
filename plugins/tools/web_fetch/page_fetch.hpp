// web_fetch: one page fetched through the host's outbound HTTP, following redirects hop by hop
// (each hop passes the host's egress check), stopping at the size cap, and turning every failure
// into a CallError the model can act on.
#pragma once

#include "content_kind.hpp"

#include "agenthost/sdk_types.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace web_fetch {

struct FetchLimits {
  int max_redirects = 5;
  int64_t max_bytes = 2097152;
  int64_t timeout_ms = 20000; // the whole fetch, every hop included
  int64_t connect_timeout_ms = 5000;
  std::string user_agent = "agenthost-web_fetch/1.0";
};

struct FetchedPage {
  std::string final_url;
  int status = 0;
  MediaType media_type; // as declared by the final response ("" type when it declared none)
  ContentKind kind = ContentKind::unknown; // of the declared type; unknown → sniff the body
  std::string body;                        // at most max_bytes
  bool cut_at_max_bytes = false;           // the page was longer; body holds its first max_bytes
  int redirects = 0;
};

// The Accept header: pages this tool can read first, anything else last.
inline constexpr const char* kAcceptHeader = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1";

// The longest URL fetched, in bytes (request form): servers refuse longer request lines (414)
// and a URL this long is a mistake of the model, not a page address.
inline constexpr std::size_t kMaxUrlBytes = 8192;

// Fetches `url` (already checked to be an absolute http(s) URL). Throws CallError: refused
// content types and non-2xx statuses before any body byte is read, host failures (egress
// refusal, DNS, connect, timeout) with the host's reason and the URL.
FetchedPage fetch_page(const agenthost::HostServices& host, agenthost::Call& call, const std::string& url,
                       const FetchLimits& limits);

// `url` as a browser sends it: UTF-8 bytes, spaces and the characters a URL may not hold
// (" < > `) percent-encoded, so "https://example.com/café?q=a b" fetches
// "https://example.com/caf%C3%A9?q=a%20b"; a '%' not starting a %XX escape becomes %25 ("/100%"),
// which the host's URL parser would refuse. Applied to the model's URL and to Location headers.
// (A non-ASCII host name is encoded too; check_host_name then refuses it: IDN is not supported.)
std::string request_form(std::string_view url);

// An absolute URL as it is requested: the fragment dropped (it is the browser's, and the host
// would put it on the request line) and an empty path made "/" ("http://h?q" -> "http://h/?q").
std::string wire_url(std::string_view absolute_url);

// Throws CallError (invalid argument) when `host` (as url::parse gives it) is a name the resolver
// cannot look up: percent-encoded, which request_form makes of non-ASCII (IDN) names too. IPv6
// literals (with a zone id "fe80::1%25eth0") pass: the host's egress policy judges addresses.
void check_host_name(std::string_view host, std::string_view url);

// "HTTP 404 Not Found" for the usual statuses, "HTTP 599" for others.
std::string describe_status(int status);

// The URL quoted for a message, at most 300 bytes of it.
std::string quote_url(std::string_view url);

} // namespace web_fetch
