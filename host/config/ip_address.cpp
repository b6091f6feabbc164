#include "config/ip_address.hpp"

#include <arpa/inet.h>

#include <cstring>
#include <vector>

namespace agenthost::config {
namespace {

// One inet_aton part: hex after 0x, octal after a leading 0, else decimal. No sign, no empty
// digits except the lone "0"; nullopt on a bad digit or a value past 32 bits.
std::optional<std::uint64_t> parse_aton_part(std::string_view part) {
  if (part.empty()) return std::nullopt;
  int base = 10;
  if (part.size() >= 2 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X')) {
    base = 16;
    part.remove_prefix(2);
    if (part.empty()) return std::nullopt; // glibc refuses a bare "0x" too
  } else if (part.size() >= 2 && part[0] == '0') {
    base = 8;
    part.remove_prefix(1);
  }
  std::uint64_t value = 0;
  for (char c : part) {
    int digit;
    if (c >= '0' && c <= '9') digit = c - '0';
    else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    else return std::nullopt;
    if (digit >= base) return std::nullopt;
    value = value * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(digit);
    if (value > 0xffffffffULL) return std::nullopt;
  }
  return value;
}

std::string_view strip_brackets(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') return text.substr(1, text.size() - 2);
  return text;
}

} // namespace

IpAddress IpAddress::v4(std::uint32_t host_order) {
  IpAddress address;
  for (int i = 0; i < 4; ++i) address.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(host_order >> (24 - 8 * i));
  return address;
}

std::uint32_t IpAddress::v4_value() const {
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) | (std::uint32_t{bytes[2]} << 8) |
         std::uint32_t{bytes[3]};
}

IpAddress IpAddress::v4_at_bit(int offset) const {
  std::uint32_t value = 0;
  for (int bit = offset; bit < offset + 32; ++bit) {
    const int byte = bit / 8;
    const int shift = 7 - bit % 8;
    value = (value << 1) | ((bytes[static_cast<std::size_t>(byte)] >> shift) & 1U);
  }
  return v4(value);
}

std::string IpAddress::to_string() const {
  char buffer[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buffer, sizeof buffer);
  std::string text(buffer);
  if (!zone.empty()) text += "%" + zone;
  return text;
}

std::optional<IpAddress> parse_ipv4_literal(std::string_view text) {
  std::vector<std::uint64_t> parts;
  for (std::size_t start = 0;;) {
    const std::size_t dot = text.find('.', start);
    const auto part = parse_aton_part(text.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (!part) return std::nullopt;
    parts.push_back(*part);
    if (parts.size() > 4) return std::nullopt;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  // Every part but the last is one byte; the last fills the bytes that remain.
  std::uint32_t value = 0;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (parts[i] > 0xff) return std::nullopt;
    value |= static_cast<std::uint32_t>(parts[i]) << (24 - 8 * i);
  }
  const std::size_t last_bits = 32 - 8 * (parts.size() - 1);
  if (last_bits < 32 && parts.back() >= (std::uint64_t{1} << last_bits)) return std::nullopt;
  value |= static_cast<std::uint32_t>(parts.back());
  return IpAddress::v4(value);
}

std::optional<IpAddress> parse_ipv6_literal(std::string_view text) {
  text = strip_brackets(text);
  std::string zone;
  if (const std::size_t percent = text.find('%'); percent != std::string_view::npos) {
    zone = std::string(text.substr(percent + 1));
    // In a URL the '%' of a zone is itself escaped: "fe80::1%25lo".
    if (zone.size() > 2 && zone.compare(0, 2, "25") == 0) zone.erase(0, 2);
    if (zone.empty()) return std::nullopt;
    text = text.substr(0, percent);
  }
  if (text.find(':') == std::string_view::npos) return std::nullopt;
  const std::string copy(text);
  IpAddress address;
  address.v6 = true;
  if (inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) != 1) return std::nullopt;
  address.zone = zone;
  return address;
}

std::optional<IpAddress> parse_ip_literal(std::string_view text) {
  if (auto v4 = parse_ipv4_literal(text)) return v4;
  return parse_ipv6_literal(text);
}

bool IpNetwork::contains(const IpAddress& address) const {
  if (address.v6 != base.v6) return false;
  for (int bit = 0; bit < prefix; ++bit) {
    const auto byte = static_cast<std::size_t>(bit / 8);
    const int mask = 0x80 >> (bit % 8);
    if ((address.bytes[byte] & mask) != (base.bytes[byte] & mask)) return false;
  }
  return true;
}

std::string IpNetwork::to_string() const {
  IpAddress plain = base;
  plain.zone.clear();
  return plain.to_string() + "/" + std::to_string(prefix);
}

std::optional<IpNetwork> parse_cidr(std::string_view text, std::string& why) {
  const std::size_t slash = text.find('/');
  const std::string_view address_text = text.substr(0, slash);
  std::optional<IpAddress> address;
  if (address_text.find(':') != std::string_view::npos) {
    address = parse_ipv6_literal(address_text);
    if (address && !address->zone.empty()) {
      why = "a range cannot carry a zone id (" + std::string(address_text) + ")";
      return std::nullopt;
    }
  } else {
    // Plain dotted quads only: "10.1" would mean 10.0.0.1 to inet_aton, not 10.1.0.0/16.
    const std::string copy(address_text);
    IpAddress v4;
    if (inet_pton(AF_INET, copy.c_str(), v4.bytes.data()) == 1) address = v4;
  }
  if (!address) {
    why = "'" + std::string(address_text) + "' is not an IP address (write a dotted quad like 10.0.0.0 or an IPv6 "
                                            "address like fd00::)";
    return std::nullopt;
  }
  const int max_prefix = address->v6 ? 128 : 32;
  int prefix = max_prefix;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3 || digits.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoi(std::string(digits)) > max_prefix) {
      why = "the prefix length after '/' must be a number from 0 to " + std::to_string(max_prefix) + " (got '" +
            std::string(digits) + "')";
      return std::nullopt;
    }
    prefix = std::stoi(std::string(digits));
  }
  IpNetwork network{*address, prefix};
  IpNetwork masked = network;
  for (int bit = prefix; bit < max_prefix; ++bit)
    masked.base.bytes[static_cast<std::size_t>(bit / 8)] &= static_cast<std::uint8_t>(~(0x80 >> (bit % 8)));
  if (!(masked.base == network.base)) {
    why = "'" + std::string(text) + "' has bits set past its prefix length; did you mean " + masked.to_string() + "?";
    return std::nullopt;
  }
  return network;
}

} // namespace agenthost::config
