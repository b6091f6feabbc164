// The egress policy of one instance: which addresses its outbound HTTP may connect to.
//
// Under `public` (and `allow:`) every address a URL leads to, literal or resolved, is judged
// before the connection is made, and the connection goes to the judged address (no second
// lookup). Refused: unspecified 0.0.0.0/8 and ::, loopback 127/8 and ::1, private 10/8,
// 172.16/12, 192.168/16, link-local 169.254/16 (cloud metadata) and fe80::/10, CGNAT
// 100.64/10, 192.0.0/24, benchmarking 198.18/15, multicast 224/4 and ff00::/8, reserved 240/4,
// broadcast, unique-local fc00::/7 and site-local fec0::/10. An IPv6 address that carries an
// IPv4 address (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96, NAT64 64:ff9b::/96 and
// 64:ff9b:1::/48 at its /96 and /48 positions, 6to4 2002::/16, Teredo 2001::/32 with both its
// server and its client) is judged by the IPv4 address it carries: that is where packets end up.
#pragma once

#include "config/egress.hpp"
#include "config/ip_address.hpp"

#include <Poco/Net/IPAddress.h>

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace agenthost::plugins {

// Why `address` is not a public-internet address, e.g. "127.0.0.1 is loopback (127.0.0.0/8)";
// empty for a public address or one inside `allowed`.
std::string special_purpose_reason(const config::IpAddress& address, const std::vector<config::IpNetwork>& allowed);

class EgressPolicy {
public:
  // `section` ("tool.fetch") names the instance in refusals, to say where the policy is set.
  EgressPolicy(config::EgressConfig config, std::string section);

  // False under `private`: nothing is checked, and through a proxy nothing is resolved locally.
  bool checks_addresses() const { return config_.mode != config::EgressMode::any_address; }
  const config::EgressConfig& config() const { return config_; }

  // The refusal for connecting to `address` on behalf of URL host `host`, or "" when allowed:
  // "blocked by egress policy 'public': 127.0.0.1 is loopback (127.0.0.0/8); ...".
  std::string refusal(const std::string& host, const config::IpAddress& address) const;

  // OutboundCallbacks::choose_address: every answer must pass (a name that resolves to one
  // public and one private address is refused: which one a retry would get is not ours to pick);
  // returns the first. Throws EgressRefused.
  Poco::Net::IPAddress choose(const std::string& host, const std::vector<Poco::Net::IPAddress>& answers) const;

private:
  config::EgressConfig config_;
  std::string section_;
};

// The policies of a deployment's instances, by config section. Thread-safe.
class EgressPolicies {
public:
  // Registers the operator's policy for `section` ("tool.fetch"); done before the instance is
  // created, since a plugin may fetch while it is being created.
  void set(const std::string& section, const config::EgressConfig& egress);
  // The registered policy, else the kind's default (`private` for a backend, `public` otherwise):
  // an instance created outside a config still gets the safe default.
  EgressPolicy of(const std::string& kind, const std::string& section) const;

private:
  mutable std::mutex mutex_;
  std::map<std::string, config::EgressConfig> by_section_;
};

} // namespace agenthost::plugins
