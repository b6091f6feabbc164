#include "config/value_parsing.hpp"
#include "config/suggestion.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace agenthost::config {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(ListenAddress, ParsesIpv4AndHostnames) {
  const auto a = parse_listen_address("0.0.0.0:80");
  ASSERT_TRUE(a.value) << a.error;
  EXPECT_EQ(a.value->host, "0.0.0.0");
  EXPECT_EQ(a.value->port, 80);
  const auto b = parse_listen_address("localhost:65535");
  ASSERT_TRUE(b.value) << b.error;
  EXPECT_EQ(b.value->host, "localhost");
  EXPECT_EQ(b.value->port, 65535);
  EXPECT_EQ(parse_listen_address("127.0.0.1:0").value->port, 0); // 0 = pick a free port
}

TEST(ListenAddress, ParsesBracketedIpv6AndPrintsItBack) {
  const auto a = parse_listen_address("[::1]:8080");
  ASSERT_TRUE(a.value) << a.error;
  EXPECT_EQ(a.value->host, "::1");
  EXPECT_EQ(a.value->port, 8080);
  EXPECT_EQ(a.value->to_string(), "[::1]:8080");
  EXPECT_EQ(parse_listen_address("[fe80::1:2]:1").value->host, "fe80::1:2");
  EXPECT_EQ((ListenAddress{"127.0.0.1", 9}).to_string(), "127.0.0.1:9");
}

TEST(ListenAddress, RejectsBadForms) {
  struct Case {
    const char* text;
    const char* message_part;
  };
  for (const Case& c : {Case{"127.0.0.1", "missing ':PORT'"}, Case{"127.0.0.1:", "port must be a number"},
                        Case{"127.0.0.1:65536", "port must be a number from 0 to 65535"},
                        Case{"127.0.0.1:-1", "port must be a number"}, Case{"127.0.0.1:80x", "port must be"},
                        Case{"127.0.0.1:99999999999999999999", "port must be"}, Case{":8080", "missing host"},
                        Case{"::1:8080", "must be written in brackets"}, Case{"[::1]8080", "missing ':PORT'"},
                        Case{"[::1:8080", "closing ']'"}, Case{"[]:80", "brackets are only for IPv6"},
                        Case{"[localhost]:80", "brackets are only for IPv6"}, Case{"my host:80", "whitespace"}}) {
    const auto r = parse_listen_address(c.text);
    EXPECT_FALSE(r.value) << c.text;
    EXPECT_THAT(r.error, HasSubstr(c.message_part)) << c.text;
  }
}

TEST(Integers, AcceptDecimalsInRange) {
  EXPECT_EQ(*parse_integer("42", 1, 100).value, 42);
  EXPECT_EQ(*parse_integer("1", 1, 100).value, 1);
  EXPECT_EQ(*parse_integer("100", 1, 100).value, 100);
}

TEST(Integers, RejectJunkAndOutOfRange) {
  EXPECT_THAT(parse_integer("", 1, 9).error, HasSubstr("expected an integer from 1 to 9"));
  EXPECT_THAT(parse_integer("4x", 1, 9).error, HasSubstr("expected an integer"));
  EXPECT_THAT(parse_integer("4.5", 1, 9).error, HasSubstr("expected an integer"));
  EXPECT_THAT(parse_integer("+4", 1, 9).error, HasSubstr("expected an integer"));
  EXPECT_THAT(parse_integer("0", 1, 9).error, HasSubstr("out of range"));
  EXPECT_THAT(parse_integer("-3", 1, 9).error, HasSubstr("out of range"));
  EXPECT_THAT(parse_integer("99999999999999999999999", 1, 9).error, HasSubstr("out of range"));
}

constexpr unsigned long long KiB = 1024;
constexpr unsigned long long MiB = 1024 * KiB;
constexpr unsigned long long GiB = 1024 * MiB;

TEST(Sizes, AcceptPlainBytes) {
  EXPECT_EQ(*parse_size("1048576", 1, GiB).value, MiB);
  EXPECT_EQ(*parse_size("1", 1, GiB).value, 1u);
  EXPECT_EQ(*parse_size("1073741824", 1, GiB).value, GiB);
}

TEST(Sizes, EveryUnitIsAPowerOf1024InAnyCaseWithOptionalSpace) {
  struct Case {
    const char* text;
    unsigned long long bytes;
  };
  for (const Case& c :
       {Case{"2K", 2 * KiB}, Case{"2KB", 2 * KiB}, Case{"2KiB", 2 * KiB}, Case{"2k", 2 * KiB}, Case{"2kb", 2 * KiB},
        Case{"2kib", 2 * KiB}, Case{"2 KIB", 2 * KiB}, Case{"3M", 3 * MiB}, Case{"3MB", 3 * MiB}, Case{"3MiB", 3 * MiB},
        Case{"3 mb", 3 * MiB}, Case{"50 MiB", 50 * MiB}, Case{"1G", GiB}, Case{"1GB", GiB}, Case{"1GiB", GiB},
        Case{"1 gib", GiB}, Case{"1\tG", GiB}, Case{"0K", 0}}) {
    const auto r = parse_size(c.text, 0, GiB);
    ASSERT_TRUE(r.value) << c.text << ": " << r.error;
    EXPECT_EQ(*r.value, c.bytes) << c.text;
  }
}

TEST(Sizes, RejectJunkNamingTheAcceptedForms) {
  for (const char* text : {"", "MiB", "1.5M", "-1", "+1", "1 TB", "1 B", "1MiBs", "1 2", "K1", "one"}) {
    const auto r = parse_size(text, 1, GiB);
    EXPECT_FALSE(r.value) << text;
    EXPECT_EQ(r.error,
              "expected a size from 1 byte to 1 GiB: a whole number of bytes (e.g. 1048576) or a whole number with a "
              "unit K, KB, KiB, M, MB, MiB, G, GB or GiB (case-insensitive, each a power of 1024), e.g. 512K or 50 MiB")
        << text;
  }
}

TEST(Sizes, RejectOutOfRangeIncludingOverflow) {
  for (const char* text :
       {"0", "0K", "1073741825", "2G", "1025 MiB", "99999999999999999999999", "18014398509481984 G"}) {
    const auto r = parse_size(text, 1, GiB);
    EXPECT_FALSE(r.value) << text;
    EXPECT_THAT(r.error, HasSubstr("out of range: expected a size from 1 byte to 1 GiB")) << text;
  }
  EXPECT_THAT(parse_size("1K", 2 * KiB, 3 * MiB).error, HasSubstr("from 2 KiB to 3 MiB"));
  EXPECT_THAT(parse_size("1", 1000, 1500).error, HasSubstr("from 1000 bytes to 1500 bytes"));
}

TEST(Booleans, AcceptExactlyTrueAndFalse) {
  EXPECT_EQ(parse_bool("true").value, std::optional<bool>(true));
  EXPECT_EQ(parse_bool("false").value, std::optional<bool>(false));
  for (const char* text : {"", "yes", "1", "TRUE", "False", "on"}) {
    const auto r = parse_bool(text);
    EXPECT_FALSE(r.value) << text;
    EXPECT_EQ(r.error, "expected true or false") << text;
  }
}

TEST(Numbers, AcceptFiniteDecimalsInRange) {
  EXPECT_DOUBLE_EQ(*parse_number("0.7", 0, 2).value, 0.7);
  EXPECT_DOUBLE_EQ(*parse_number("2", 0, 2).value, 2.0);
  EXPECT_THAT(parse_number("2.5", 0, 2).error, HasSubstr("out of range: expected a number from 0 to 2"));
  EXPECT_THAT(parse_number("warm", 0, 2).error, HasSubstr("expected a number"));
  EXPECT_THAT(parse_number("nan", 0, 2).error, HasSubstr("expected a number"));
  EXPECT_THAT(parse_number("inf", 0, 2).error, HasSubstr("expected a number"));
}

TEST(Lists, SplitAndTrim) {
  EXPECT_THAT(*parse_list("calculator, clock ,web").value, ElementsAre("calculator", "clock", "web"));
  EXPECT_THAT(*parse_list("one").value, ElementsAre("one"));
  EXPECT_THAT(*parse_list("").value, IsEmpty());
  EXPECT_THAT(*parse_list("   ").value, IsEmpty());
}

TEST(Lists, RejectEmptyAndRepeatedItems) {
  EXPECT_THAT(parse_list("a,,b").error, HasSubstr("empty item"));
  EXPECT_THAT(parse_list("a,b,").error, HasSubstr("empty item"));
  EXPECT_THAT(parse_list(",a").error, HasSubstr("empty item"));
  EXPECT_THAT(parse_list("a, b, a").error, HasSubstr("listed twice"));
}

TEST(InstanceNames, AllowLowercaseDigitsUnderscoreDash) {
  EXPECT_TRUE(is_valid_instance_name("web-search_2"));
  EXPECT_FALSE(is_valid_instance_name(""));
  EXPECT_FALSE(is_valid_instance_name("Demo"));
  EXPECT_FALSE(is_valid_instance_name("a.b"));
  EXPECT_FALSE(is_valid_instance_name("a b"));
}

TEST(Suggestions, FindPlausibleTyposOnly) {
  const std::vector<std::string> keys = {"listen", "threads", "max_queued"};
  EXPECT_EQ(closest_match("listn", keys), std::optional<std::string>("listen"));
  EXPECT_EQ(closest_match("THREADS", keys), std::optional<std::string>("threads"));
  EXPECT_EQ(closest_match("max_qeueud", keys), std::optional<std::string>("max_queued"));
  EXPECT_EQ(closest_match("lsiten", keys), std::optional<std::string>("listen")); // a swap is one edit
  EXPECT_EQ(closest_match("port", keys), std::nullopt);
  EXPECT_EQ(did_you_mean("thread", keys), "; did you mean 'threads'?");
  EXPECT_EQ(did_you_mean("zzz", keys), "");
}

} // namespace
} // namespace agenthost::config
