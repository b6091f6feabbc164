// IP address literals and CIDR networks, parsed by our own code rather than a library's.
//
// The egress policy judges the address a URL names, so it must read every spelling the
// system's resolver would accept as the same address: an IPv4 literal is parsed the way
// inet_aton does (1 to 4 parts, each decimal, octal with a leading 0, or hex with 0x, the last
// part filling the remaining bytes: `2130706433`, `0177.0.0.1`, `0x7f.1` and `127.1` are all
// 127.0.0.1). IPv6 literals may carry a zone id (`fe80::1%lo`). Anything else is not a literal
// (a host name, or garbage the resolver will refuse).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace agenthost::config {

struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{}; // network order; IPv4 uses the first 4
  std::string zone;                     // IPv6 zone id as written after '%' (an interface name or index)

  static IpAddress v4(std::uint32_t host_order);
  std::size_t size() const { return v6 ? 16 : 4; }
  std::uint32_t v4_value() const; // host order; IPv4 only
  // The bits [offset, offset+32) of an IPv6 address as an IPv4 address (for embedded IPv4).
  IpAddress v4_at_bit(int offset) const;
  // Canonical text: dotted quad, or RFC 5952 IPv6 (with %zone when there is one).
  std::string to_string() const;
  bool operator==(const IpAddress& other) const { return v6 == other.v6 && bytes == other.bytes; }
};

// inet_aton's forms, nothing else: no sign, no space, no trailing dot, no empty part.
std::optional<IpAddress> parse_ipv4_literal(std::string_view text);
// An IPv6 literal, optionally in brackets and with a %zone ("[fe80::1%25lo]" URL form too).
std::optional<IpAddress> parse_ipv6_literal(std::string_view text);
// Either of the above.
std::optional<IpAddress> parse_ip_literal(std::string_view text);

struct IpNetwork {
  IpAddress base; // host bits zero
  int prefix = 0;

  bool contains(const IpAddress& address) const;
  std::string to_string() const; // "10.0.0.0/8"
};

// "ADDRESS/PREFIX" or a bare address (a /32 or /128). IPv4 here must be a dotted quad: an
// operator writes ranges plainly. On failure returns nullopt and sets `why` to what is wrong.
std::optional<IpNetwork> parse_cidr(std::string_view text, std::string& why);

} // namespace agenthost::config
