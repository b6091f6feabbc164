// The host's outbound HTTP client: one HTTP/1.1 exchange (plus the redirects the caller allows)
// over Poco, with TLS through the system CA store. The body streams to the caller as it
// arrives; connect/read/total deadlines, a size cap and cancellation are enforced here, in ~100 ms
// slices, so a stalled or cancelled exchange ends promptly. Plugins reach it through the
// host-services table (http_request); the fault layer reads what happened from the
// UpstreamOutcome it records.
#pragma once

#include "plugins/call_sink.hpp"
#include "plugins/outbound_proxy.hpp"

#include "agenthost/plugin.h"

#include <Poco/Net/IPAddress.h>
#include <Poco/Net/SocketAddress.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agenthost::plugins {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// The host's limits when a request leaves one at 0.
struct OutboundDefaults {
  std::chrono::milliseconds connect_timeout = std::chrono::seconds(10);
  std::chrono::milliseconds read_timeout = std::chrono::seconds(60);
  std::chrono::milliseconds total_timeout = std::chrono::minutes(10);
  int64_t max_response_bytes = 64LL * 1024 * 1024;
};

struct OutboundRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;
  std::string body;
  // 0 = the host's default (OutboundDefaults).
  int64_t connect_timeout_ms = 0, read_timeout_ms = 0, total_timeout_ms = 0, max_response_bytes = 0;
  // Redirects followed for GET and HEAD only; 0 = the 3xx response is returned as is.
  int max_redirects = 0;
};

// Thrown by an address chooser to refuse a destination (the egress policy); the exchange fails
// with AH_ERR_PERMISSION and this message.
class EgressRefused : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct OutboundCallbacks {
  // Once per exchange, for the final response. Return false to stop (AH_ERR_CANCELLED, no error).
  std::function<bool(int status, const HttpHeaders& headers)> on_head;
  // Each body chunk as it arrives. Return false to stop (AH_ERR_CANCELLED, no error).
  std::function<bool(std::string_view chunk)> on_body;
  // Polled every ~100 ms; true ends the exchange with AH_ERR_CANCELLED.
  std::function<bool()> cancelled;
  // Receives the UpstreamOutcome as it changes (head, first body bytes, failure); may be empty.
  std::function<void(const UpstreamOutcome&)> record;
  // Picks the address to connect to among the addresses of `host`: its IP literal (any spelling,
  // parsed by outbound_address.hpp) or its DNS answers. Every redirect hop asks again. The
  // connection goes to exactly that address: an egress policy checks here and throws
  // EgressRefused. Empty = the first answer. Through a proxy the connection goes to the proxy,
  // which resolves the name itself; when this is set the name is still resolved here first and
  // every answer judged (empty = nothing is resolved locally).
  std::function<Poco::Net::IPAddress(const std::string& host, const std::vector<Poco::Net::IPAddress>& answers)>
      choose_address;
};

struct OutboundResult {
  ah_status status = AH_OK;
  std::string error;            // why it failed (names scheme://host:port only)
  bool stopped_by_caller = false; // on_head / on_body returned false
};

// Performs the exchange; never throws. AH_OK when a response of any status was received in full.
// `proxy` (null = always direct) routes each hop through the proxy it names for that target.
OutboundResult perform_outbound_http(const OutboundRequest& request, const OutboundCallbacks& callbacks,
                                     const OutboundDefaults& defaults = {}, const ProxySettings* proxy = nullptr);

} // namespace agenthost::plugins
