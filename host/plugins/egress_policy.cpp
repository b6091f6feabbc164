#include "plugins/egress_policy.hpp"

#include "plugins/outbound_address.hpp"
#include "plugins/outbound_http.hpp"

#include <utility>

namespace agenthost::plugins {
namespace {

using config::IpAddress;
using config::IpNetwork;

struct SpecialRange {
  IpNetwork network;
  const char* what;
};

IpNetwork network(const char* cidr) {
  std::string why;
  return *config::parse_cidr(cidr, why); // the tables below are valid by construction (and tested)
}

// Ranges that are not the public internet, most specific first where they overlap.
const std::vector<SpecialRange>& special_ranges() {
  static const std::vector<SpecialRange> ranges = {
      {network("0.0.0.0/8"), "unspecified ('this network'; 0.0.0.0 reaches the local host)"},
      {network("10.0.0.0/8"), "private"},
      {network("100.64.0.0/10"), "carrier-grade NAT (shared address space)"},
      {network("127.0.0.0/8"), "loopback"},
      {network("169.254.0.0/16"), "link-local (where cloud metadata services answer)"},
      {network("172.16.0.0/12"), "private"},
      {network("192.0.0.0/24"), "IETF protocol assignments"},
      {network("192.168.0.0/16"), "private"},
      {network("198.18.0.0/15"), "benchmarking"},
      {network("224.0.0.0/4"), "multicast"},
      {network("255.255.255.255/32"), "broadcast"},
      {network("240.0.0.0/4"), "reserved"},
      {network("::/128"), "unspecified"},
      {network("::1/128"), "loopback"},
      {network("fe80::/10"), "link-local"},
      {network("fec0::/10"), "site-local"},
      {network("fc00::/7"), "unique local (ULA)"},
      {network("ff00::/8"), "multicast"},
  };
  return ranges;
}

// RFC 6052: under a NAT64 prefix of `prefix_bits`, the IPv4 address starts right after the
// prefix and skips bits 64..71 (the "u" octet).
IpAddress rfc6052_embedded(const IpAddress& address, int prefix_bits) {
  std::uint32_t value = 0;
  int taken = 0;
  for (int bit = prefix_bits; taken < 32; ++bit) {
    if (bit >= 64 && bit < 72) continue;
    const int byte = bit / 8;
    value = (value << 1) | ((address.bytes[static_cast<std::size_t>(byte)] >> (7 - bit % 8)) & 1U);
    ++taken;
  }
  return IpAddress::v4(value);
}

struct Embedding {
  IpNetwork network;
  const char* what;
  std::vector<IpAddress> (*carried)(const IpAddress&);
};

const std::vector<Embedding>& embeddings() {
  static const std::vector<Embedding> list = {
      {network("::ffff:0:0/96"), "IPv4-mapped", [](const IpAddress& a) { return std::vector<IpAddress>{a.v4_at_bit(96)}; }},
      {network("64:ff9b::/96"), "NAT64", [](const IpAddress& a) { return std::vector<IpAddress>{a.v4_at_bit(96)}; }},
      // The local-use prefix is deployed as a /96 or as the whole /48 (RFC 8215): the IPv4
      // address is judged at both places, unless a place is all zero (nothing is embedded
      // there: a /96-style address has zeros where a /48 one carries its IPv4, and back).
      {network("64:ff9b:1::/48"), "local-use NAT64",
       [](const IpAddress& a) {
         std::vector<IpAddress> carried;
         for (const IpAddress& candidate : {a.v4_at_bit(96), rfc6052_embedded(a, 48)})
           if (candidate.v4_value() != 0) carried.push_back(candidate);
         if (carried.empty()) carried.push_back(IpAddress::v4(0));
         return carried;
       }},
      {network("2002::/16"), "6to4", [](const IpAddress& a) { return std::vector<IpAddress>{a.v4_at_bit(16)}; }},
      // Teredo: the server at bits 32..63, the client inverted in the last 32 bits.
      {network("2001::/32"), "Teredo",
       [](const IpAddress& a) {
         const IpAddress client = IpAddress::v4(~a.v4_at_bit(96).v4_value());
         return std::vector<IpAddress>{a.v4_at_bit(32), client};
       }},
      // Deprecated, but a stack may still route ::a.b.c.d to a.b.c.d (:: and ::1 are judged first).
      {network("::/96"), "IPv4-compatible", [](const IpAddress& a) { return std::vector<IpAddress>{a.v4_at_bit(96)}; }},
  };
  return list;
}

bool inside_any(const IpAddress& address, const std::vector<IpNetwork>& networks) {
  for (const IpNetwork& network : networks)
    if (network.contains(address)) return true;
  return false;
}

std::string plain(const IpAddress& address) {
  IpAddress copy = address;
  copy.zone.clear();
  return copy.to_string();
}

} // namespace

std::string special_purpose_reason(const IpAddress& address, const std::vector<IpNetwork>& allowed) {
  if (inside_any(address, allowed)) return "";
  for (const SpecialRange& range : special_ranges())
    if (range.network.contains(address))
      return plain(address) + " is " + range.what + " (" + range.network.to_string() + ")";
  for (const Embedding& embedding : embeddings()) {
    if (!embedding.network.contains(address)) continue;
    for (const IpAddress& carried : embedding.carried(address)) {
      const std::string inner = special_purpose_reason(carried, allowed);
      if (!inner.empty())
        return plain(address) + " carries " + plain(carried) + " (" + embedding.what + ", " +
               embedding.network.to_string() + ") and " + inner;
    }
    return "";
  }
  return "";
}

EgressPolicy::EgressPolicy(config::EgressConfig config, std::string section)
    : config_(std::move(config)), section_(std::move(section)) {}

std::string EgressPolicy::refusal(const std::string& host, const IpAddress& address) const {
  if (!checks_addresses()) return "";
  const std::string reason = special_purpose_reason(address, config_.allowed);
  if (reason.empty()) return "";
  const bool literal = config::parse_ip_literal(host).has_value();
  const std::string what = !literal                  ? host + " resolves to " + plain(address) + ", and " + reason
                           : host != plain(address) ? host + " means " + reason
                                                    : reason;
  const std::string range = plain(address) + (address.v6 ? "/128" : "/32");
  const std::string where = section_.empty() ? "the instance's config section" : "[" + section_ + "]";
  return "blocked by egress policy '" + config_.to_string() + "': " + what + ". If it must be reachable, the "
         "operator can allow it in " + where + " (egress = allow:" + range + ")";
}

Poco::Net::IPAddress EgressPolicy::choose(const std::string& host, const std::vector<Poco::Net::IPAddress>& answers) const {
  for (const Poco::Net::IPAddress& answer : answers) {
    const std::string refused = refusal(host, from_poco(answer));
    if (!refused.empty()) throw EgressRefused(refused);
  }
  return answers.front();
}

void EgressPolicies::set(const std::string& section, const config::EgressConfig& egress) {
  std::lock_guard<std::mutex> lock(mutex_);
  by_section_[section] = egress;
}

EgressPolicy EgressPolicies::of(const std::string& kind, const std::string& section) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto found = by_section_.find(section);
  return EgressPolicy(found != by_section_.end() ? found->second : config::default_egress(kind), section);
}

} // namespace agenthost::plugins
