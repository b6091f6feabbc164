// web_fetch: one page fetched through the host's outbound HTTP, following redirects hop by hop
// (each hop passes the host's egress check), stopping at the size cap, and turning every failure
// into a CallError the model can act on.
#pragma once

#include "content_kind.hpp"

#include "agenthost/sdk_types.hpp"

#include <cstdint>
#include <string>

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

// Fetches `url` (already checked to be an absolute http(s) URL). Throws CallError: refused
// content types and non-2xx statuses before any body byte is read, host failures (egress
// refusal, DNS, connect, timeout) with the host's reason and the URL.
FetchedPage fetch_page(const agenthost::HostServices& host, agenthost::Call& call, const std::string& url,
                       const FetchLimits& limits);

// `url` as a browser sends it: UTF-8 bytes, spaces and the characters a URL may not hold
// (" < > `) percent-encoded, so "https://example.com/café?q=a b" fetches
// "https://example.com/caf%C3%A9?q=a%20b". Applied to the model's URL and to Location headers.
// (A non-ASCII host name is encoded too, and then does not resolve: IDN is not supported.)
std::string request_form(std::string_view url);

// "HTTP 404 Not Found" for the usual statuses, "HTTP 599" for others.
std::string describe_status(int status);

// The URL quoted for a message, at most 300 bytes of it.
std::string quote_url(std::string_view url);

} // namespace web_fetch
