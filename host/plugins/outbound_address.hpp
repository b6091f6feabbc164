// Where a URL's host leads: its IP literal (parsed by our own parser, so that what the egress
// policy judges and what the connection uses are the same bytes), else its DNS answers.
#pragma once

#include "config/ip_address.hpp"

#include <Poco/Net/IPAddress.h>

#include <optional>
#include <string>
#include <vector>

namespace agenthost::plugins {

config::IpAddress from_poco(const Poco::Net::IPAddress& address);
// A zone id becomes the scope: an interface name (if_nametoindex) or a number.
Poco::Net::IPAddress to_poco(const config::IpAddress& address);

// The address `host` names when it is an IP literal in any spelling inet_aton accepts
// ("0x7f.1", "2130706433") or an IPv6 literal ("::1", "fe80::1%lo"); nullopt for a name.
std::optional<Poco::Net::IPAddress> host_literal(const std::string& host);

// `host` as a proxy is told it: an IP literal in its canonical spelling (so the proxy cannot read
// "0x7f.1" differently from the policy that judged it), a name as it is.
std::string canonical_host(const std::string& host);

// The literal, or every DNS answer (one lookup). Throws Poco::Exception when the name does not
// resolve.
std::vector<Poco::Net::IPAddress> resolve_host(const std::string& host);

} // namespace agenthost::plugins
