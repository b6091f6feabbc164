// The egress policy's pieces: IP literals in every spelling, CIDR ranges, the classification of
// special-purpose addresses (embedded IPv4 included), and the `egress` key of the config.
#include "plugins/egress_policy.hpp"
#include "plugins/outbound_address.hpp"
#include "plugins/outbound_http.hpp"

#include "config/egress.hpp"
#include "config/ip_address.hpp"
#include "config/tests/test_support.hpp"

#include <arpa/inet.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::plugins {
namespace {

using config::IpAddress;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string canonical(const std::string& text) {
  const auto parsed = config::parse_ip_literal(text);
  return parsed ? parsed->to_string() : "<not a literal>";
}

TEST(IpLiterals, EveryInetAtonSpellingOfLoopbackIsLoopback) {
  for (const char* spelling : {"127.0.0.1", "2130706433", "0177.0.0.1", "0x7f.1", "0x7F.0.0.1", "127.1", "127.0.1",
                               "0x7f000001", "017700000001", "0x7f.0.0.0x1", "0177.0x0.00.1", "127.000.000.001"})
    EXPECT_EQ(canonical(spelling), "127.0.0.1") << spelling;
}

TEST(IpLiterals, AgreeWithTheSystemsInetAton) {
  // What the C library's resolver would connect to is what we must judge.
  for (const char* text : {"0", "0x0", "1.2.3.4", "255.255.255.255", "4294967295", "1.16777215", "1.2.65535",
                           "0x", "0x.1", "010.010.010.010", "08.0.0.1", "4294967296", "1.2.3.4.5", "256.0.0.1",
                           "1.2.65536", "1..2", ".1.2.3", "1.2.3.", "-1", "+1", "1.2.3.4 ", "0xg", "abc", ""}) {
    in_addr system{};
    const bool system_ok = inet_aton(text, &system) != 0 && std::string(text).find(' ') == std::string::npos;
    const auto ours = config::parse_ipv4_literal(text);
    EXPECT_EQ(ours.has_value(), system_ok) << "'" << text << "'";
    if (system_ok && ours) {
      EXPECT_EQ(ours->v4_value(), ntohl(system.s_addr)) << text;
    }
  }
}

TEST(IpLiterals, Ipv6WithBracketsAndZones) {
  EXPECT_EQ(canonical("::1"), "::1");
  EXPECT_EQ(canonical("[::1]"), "::1");
  EXPECT_EQ(canonical("::ffff:127.0.0.1"), "::ffff:127.0.0.1");
  EXPECT_EQ(canonical("fe80::1%lo"), "fe80::1%lo");
  EXPECT_EQ(canonical("[fe80::1%25eth0]"), "fe80::1%eth0") << "the URL form escapes the '%'";
  EXPECT_EQ(canonical("localhost"), "<not a literal>");
  EXPECT_EQ(canonical("fe80::1%"), "<not a literal>");
}

TEST(Cidr, ParsesAndRefusesWithAReason) {
  std::string why;
  const auto net = config::parse_cidr("10.0.0.0/8", why);
  ASSERT_TRUE(net);
  EXPECT_TRUE(net->contains(*config::parse_ip_literal("10.200.1.1")));
  EXPECT_FALSE(net->contains(*config::parse_ip_literal("11.0.0.1")));
  EXPECT_EQ(config::parse_cidr("127.0.0.1", why)->to_string(), "127.0.0.1/32");
  EXPECT_EQ(config::parse_cidr("fd00::/8", why)->to_string(), "fd00::/8");
  EXPECT_FALSE(config::parse_cidr("10.0.0.1/8", why));
  EXPECT_THAT(why, HasSubstr("did you mean 10.0.0.0/8?"));
  EXPECT_FALSE(config::parse_cidr("10.1/16", why)) << "inet_aton would read 10.1 as 10.0.0.1";
  EXPECT_FALSE(config::parse_cidr("10.0.0.0/33", why));
  EXPECT_THAT(why, HasSubstr("0 to 32"));
  EXPECT_FALSE(config::parse_cidr("example.com/8", why));
}

std::string reason(const std::string& literal) {
  return special_purpose_reason(*config::parse_ip_literal(literal), {});
}

TEST(Classification, EveryListedRangeIsRefusedWithItsName) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"0.0.0.0", "unspecified"},           {"0.1.2.3", "unspecified"},
      {"127.0.0.1", "loopback"},            {"127.255.255.254", "loopback"},
      {"10.0.0.1", "private (10.0.0.0/8)"}, {"172.16.0.1", "private (172.16.0.0/12)"},
      {"172.31.255.255", "private"},        {"192.168.1.1", "private (192.168.0.0/16)"},
      {"169.254.169.254", "link-local"},    {"100.64.0.1", "carrier-grade NAT"},
      {"100.127.255.255", "carrier-grade NAT"}, {"192.0.0.8", "IETF protocol assignments"},
      {"198.18.0.1", "benchmarking"},       {"198.19.255.255", "benchmarking"},
      {"224.0.0.1", "multicast"},           {"239.255.255.250", "multicast"},
      {"240.0.0.1", "reserved"},            {"255.255.255.255", "broadcast"},
      {"::", "unspecified"},                {"::1", "loopback"},
      {"fe80::1", "link-local"},            {"febf::1", "link-local"},
      {"fc00::1", "unique local"},          {"fd12:3456::1", "unique local"},
      {"fec0::1", "site-local"},            {"ff02::1", "multicast"},
  };
  for (const auto& [address, expected] : cases) EXPECT_THAT(reason(address), HasSubstr(expected)) << address;
}

TEST(Classification, PublicAddressesPass) {
  for (const char* address : {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "198.20.0.1", "192.0.1.1",
                              "223.255.255.255", "11.0.0.1", "2606:4700::1111", "2001:4860:4860::8888",
                              "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
    EXPECT_EQ(reason(address), "") << address;
}

TEST(Classification, EmbeddedIpv4IsJudgedByTheAddressItCarries) {
  EXPECT_THAT(reason("::ffff:127.0.0.1"), HasSubstr("carries 127.0.0.1 (IPv4-mapped, ::ffff:0.0.0.0/96) and 127.0.0.1 is loopback"));
  EXPECT_THAT(reason("::ffff:169.254.169.254"), HasSubstr("link-local"));
  EXPECT_THAT(reason("::127.0.0.1"), HasSubstr("IPv4-compatible"));
  EXPECT_THAT(reason("64:ff9b::10.0.0.1"), HasSubstr("carries 10.0.0.1 (NAT64"));
  EXPECT_THAT(reason("64:ff9b:1::7f00:1"), HasSubstr("local-use NAT64")) << "the /96 position";
  EXPECT_THAT(reason("64:ff9b:1:7f00:1::"), HasSubstr("local-use NAT64")) << "the /48 position (u octet skipped)";
  EXPECT_EQ(reason("64:ff9b:1::808:808"), "") << "public at the /96 position, nothing at the others";
  EXPECT_THAT(reason("64:ff9b:1::"), HasSubstr("carries 0.0.0.0"));
  EXPECT_THAT(reason("2002:7f00:1::1"), HasSubstr("carries 127.0.0.1 (6to4"));
  EXPECT_THAT(reason("2002:a9fe:a9fe::"), HasSubstr("169.254.169.254"));
  // Teredo: server 65.54.227.120 (public) in bits 32..63, client = inverted last 32 bits.
  EXPECT_THAT(reason("2001:0:4136:e378:8000:63bf:80ff:fffe"), HasSubstr("carries 127.0.0.1 (Teredo"))
      << "client ~0x80fffffe = 127.0.0.1";
  EXPECT_THAT(reason("2001:0:a00:1:8000:63bf:3fff:fdd2"), HasSubstr("carries 10.0.0.1 (Teredo")) << "server 10.0.0.1";
  EXPECT_EQ(reason("2001:0:4136:e378:8000:63bf:3fff:fdd2"), "") << "server and client both public";
}

TEST(Policy, AllowListedRangesPassAndPrivateChecksNothing) {
  std::string why;
  const config::EgressConfig allow = *config::parse_egress("allow:127.0.0.1/32, 10.0.0.0/8", why);
  const EgressPolicy policy(allow, "tool.fetch");
  EXPECT_EQ(policy.refusal("127.0.0.1", *config::parse_ip_literal("127.0.0.1")), "");
  EXPECT_EQ(policy.refusal("10.9.9.9", *config::parse_ip_literal("10.9.9.9")), "");
  EXPECT_EQ(policy.refusal("::ffff:127.0.0.1", *config::parse_ip_literal("::ffff:127.0.0.1")), "")
      << "judged by the IPv4 address it carries, which is allowed";
  EXPECT_THAT(policy.refusal("127.0.0.2", *config::parse_ip_literal("127.0.0.2")),
              HasSubstr("blocked by egress policy 'allow:127.0.0.1/32,10.0.0.0/8': 127.0.0.2 is loopback"));
  const EgressPolicy open(*config::parse_egress("private", why), "backend.local");
  EXPECT_FALSE(open.checks_addresses());
  EXPECT_EQ(open.refusal("127.0.0.1", *config::parse_ip_literal("127.0.0.1")), "");
}

TEST(Policy, RefusalsNameTheAddressTheRuleAndTheFix) {
  const EgressPolicy policy(config::default_egress("tool"), "tool.fetch");
  EXPECT_EQ(policy.refusal("127.0.0.1", *config::parse_ip_literal("127.0.0.1")),
            "blocked by egress policy 'public': 127.0.0.1 is loopback (127.0.0.0/8). If it must be reachable, the "
            "operator can allow it in [tool.fetch] (egress = allow:127.0.0.1/32)");
  EXPECT_THAT(policy.refusal("0x7f.1", *config::parse_ip_literal("0x7f.1")),
              HasSubstr("'public': 0x7f.1 means 127.0.0.1 is loopback"));
  EXPECT_THAT(policy.refusal("localhost", *config::parse_ip_literal("127.0.0.1")),
              HasSubstr("'public': localhost resolves to 127.0.0.1, and 127.0.0.1 is loopback"));
  try {
    policy.choose("mixed.example", {to_poco(*config::parse_ip_literal("8.8.8.8")),
                                    to_poco(*config::parse_ip_literal("10.0.0.1"))});
    ADD_FAILURE() << "a name with one private answer must be refused";
  } catch (const EgressRefused& refused) {
    EXPECT_THAT(refused.what(), HasSubstr("mixed.example resolves to 10.0.0.1"));
  }
}

TEST(Policy, UnregisteredInstancesGetTheirKindsDefault) {
  EgressPolicies policies;
  EXPECT_EQ(policies.of("backend", "backend.x").config().to_string(), "private");
  EXPECT_EQ(policies.of("tool", "tool.x").config().to_string(), "public");
  EXPECT_EQ(policies.of("strategy", "strategy.x").config().to_string(), "public");
  EXPECT_EQ(policies.of("cleaning", "cleaning.x").config().to_string(), "public");
  std::string why;
  policies.set("tool.x", *config::parse_egress("allow:192.168.0.0/16", why));
  EXPECT_EQ(policies.of("tool", "tool.x").config().to_string(), "allow:192.168.0.0/16");
}

TEST(EgressConfigKey, DefaultsPerKindAndKeptFromThePlugin) {
  const config::LoadResult r = config::testing::load("[backend.local]\nplugin = ollama\n"
                                                     "[tool.fetch]\nplugin = web_fetch\n"
                                                     "[tool.intranet]\nplugin = web_fetch\negress = allow:10.1.0.0/16\n"
                                                     "[strategy.s]\nplugin = summarize\negress = private\n");
  ASSERT_THAT(r.errors, IsEmpty()) << config::testing::errors_of(r);
  EXPECT_EQ(r.config.backends.at(0).egress.to_string(), "private");
  EXPECT_EQ(r.config.tools.at(0).egress.to_string(), "public");
  EXPECT_EQ(r.config.tools.at(1).egress.to_string(), "allow:10.1.0.0/16");
  EXPECT_EQ(r.config.tools.at(1).egress.line, 7);
  EXPECT_THAT(r.config.tools.at(1).settings, IsEmpty()) << "egress is the host's key, not the plugin's";
  EXPECT_EQ(r.config.strategies.at(0).egress.to_string(), "private");
}

TEST(EgressConfigKey, ErrorsNameFileLineAndKey) {
  const config::LoadResult r = config::testing::load("[tool.a]\nplugin = web_fetch\negress = open\n"
                                                     "[tool.b]\nplugin = web_fetch\negress = allow:10.0.0.0/33\n"
                                                     "[backend.c]\nplugin = ollama\negress = allow:\n");
  const std::string errors = config::testing::errors_of(r);
  EXPECT_THAT(errors, HasSubstr("test.conf:3: [tool.a] egress: unknown egress policy; write `public`, `private`"));
  EXPECT_THAT(errors, HasSubstr("test.conf:6: [tool.b] egress: bad range in allow: the prefix length"));
  EXPECT_THAT(errors, HasSubstr("test.conf:9: [backend.c] egress: allow: needs a comma list"));
  EXPECT_EQ(r.config.tools.at(0).egress.to_string(), "public") << "a bad value leaves the safe default";
}

} // namespace
} // namespace agenthost::plugins
