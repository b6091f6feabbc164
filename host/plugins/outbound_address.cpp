#include "plugins/outbound_address.hpp"

#include <Poco/Net/DNS.h>
#include <Poco/Net/HostEntry.h>

#include <net/if.h>

#include <cstdlib>
#include <cstring>

namespace agenthost::plugins {

config::IpAddress from_poco(const Poco::Net::IPAddress& address) {
  config::IpAddress out;
  out.v6 = address.family() == Poco::Net::IPAddress::IPv6;
  std::memcpy(out.bytes.data(), address.addr(), out.size());
  if (out.v6 && address.scope() != 0) out.zone = std::to_string(address.scope());
  return out;
}

Poco::Net::IPAddress to_poco(const config::IpAddress& address) {
  if (!address.v6) return Poco::Net::IPAddress(address.bytes.data(), 4);
  Poco::UInt32 scope = 0;
  if (!address.zone.empty()) {
    scope = if_nametoindex(address.zone.c_str());
    if (scope == 0) scope = static_cast<Poco::UInt32>(std::strtoul(address.zone.c_str(), nullptr, 10));
  }
  return Poco::Net::IPAddress(address.bytes.data(), 16, scope);
}

std::optional<Poco::Net::IPAddress> host_literal(const std::string& host) {
  const std::optional<config::IpAddress> literal = config::parse_ip_literal(host);
  if (!literal) return std::nullopt;
  return to_poco(*literal);
}

std::string canonical_host(const std::string& host) {
  const std::optional<config::IpAddress> literal = config::parse_ip_literal(host);
  return literal ? literal->to_string() : host;
}

std::vector<Poco::Net::IPAddress> resolve_host(const std::string& host) {
  if (std::optional<Poco::Net::IPAddress> literal = host_literal(host)) return {*literal};
  return Poco::Net::DNS::hostByName(host).addresses();
}

} // namespace agenthost::plugins
