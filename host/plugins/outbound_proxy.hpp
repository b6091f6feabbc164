// Forward proxies for the outbound HTTP service, from the usual environment variables, read
// once per process: https_proxy / HTTPS_PROXY for https:// URLs, http_proxy / HTTP_PROXY for
// http:// URLs (the lowercase name wins when both are set), and no_proxy / NO_PROXY for the
// targets that go direct: `*` (everything), a domain (`example.com` and `.example.com` both
// cover example.com and every name under it), `host:port`, an IP address or a CIDR range
// (matched against IP-literal URLs; names are not resolved for this). Loopback targets
// (localhost, 127/8, ::1) never go through a proxy, which could not reach them.
//
// http:// goes to the proxy as an absolute-form request; https:// through a CONNECT tunnel,
// with TLS (SNI and certificate checks) still end to end with the target. The egress policy
// judges the TARGET, never the proxy the operator configured.
#pragma once

#include "config/environment.hpp"
#include "config/ip_address.hpp"

#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <optional>
#include <string>
#include <vector>

namespace agenthost::plugins {

struct ProxyEndpoint {
  std::string variable; // where it came from, e.g. "HTTPS_PROXY", for messages
  std::string host;     // IPv6 without brackets
  std::uint16_t port = 0;
  std::string authorization; // "Basic ..." when the proxy URL carries user:password@
  std::string error;         // why it cannot be used; requests that need it fail with this

  std::string display() const; // "http://proxy.internal:3128" (never the credentials)
};

class ProxySettings {
public:
  // From the variables `env` returns.
  static ProxySettings from_environment(const config::EnvLookup& env);
  // The process environment, read on first use and kept for the life of the process.
  static const ProxySettings& of_process();

  // The proxy a request to scheme://host:port goes through, or null to connect directly.
  const ProxyEndpoint* route(const std::string& scheme, const std::string& host, std::uint16_t port) const;
  bool any() const { return http_.has_value() || https_.has_value(); }
  // For the startup log: "https -> http://proxy:3128 (HTTPS_PROXY); http -> direct; no_proxy: 3 entries",
  // with the reason next to a proxy that cannot be used.
  std::string describe() const;

private:
  struct Exemption {
    std::string domain; // lowercase, no leading dot; empty for an address range
    std::optional<config::IpNetwork> range;
    std::uint16_t port = 0; // 0 = any port
  };
  bool exempt(const std::string& host, std::uint16_t port) const;

  std::optional<ProxyEndpoint> http_, https_;
  bool bypass_all_ = false;
  std::vector<Exemption> exemptions_;
};

// Asks the proxy on `socket` (already connected) for a tunnel to host:port and reads its answer
// (only the head: TLS starts right after it). Throws ProxyRefused when the proxy answers anything
// but 2xx, Poco::TimeoutException when it stays silent past `timeout`, Poco::Exception on I/O.
class ProxyRefused : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};
void open_connect_tunnel(Poco::Net::StreamSocket& socket, const ProxyEndpoint& proxy, const std::string& host,
                         std::uint16_t port, std::chrono::milliseconds timeout);

} // namespace agenthost::plugins
