#include "http/request_id.hpp"
#include "http/request_target.hpp"

#include "common/error.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace agenthost::http {
namespace {

TEST(SplitRequestTarget, SeparatesPathAndQuery) {
  auto target = split_request_target("/api/v1/agents?limit=10&cursor=a%20b");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/api/v1/agents");
  EXPECT_EQ(target->query, "limit=10&cursor=a%20b");

  target = split_request_target("/health");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/health");
  EXPECT_EQ(target->query, "");

  target = split_request_target("/a?");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/a");
  EXPECT_EQ(target->query, "");
}

TEST(SplitRequestTarget, DropsFragment) {
  auto target = split_request_target("/a?x=1#frag?y=2");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/a");
  EXPECT_EQ(target->query, "x=1");
}

TEST(SplitRequestTarget, AcceptsAbsoluteForm) {
  auto target = split_request_target("http://example.com:8080/health?x=1");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/health");
  EXPECT_EQ(target->query, "x=1");

  target = split_request_target("https://example.com");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/");

  target = split_request_target("http://example.com?x=1");
  ASSERT_TRUE(target);
  EXPECT_EQ(target->path, "/");
  EXPECT_EQ(target->query, "x=1");
}

TEST(SplitRequestTarget, RejectsTargetsThatAreNotPaths) {
  for (const char* bad :
       {"", "*", "health", "a/b", "://host/x", "ht tp://host/x", "example.com:443"}) {
    EXPECT_FALSE(split_request_target(bad)) << "'" << bad << "'";
  }
}

TEST(PercentDecode, DecodesEscapesInEitherCase) {
  EXPECT_EQ(percent_decode("a%20b%2fc%2F", false), "a b/c/");
  EXPECT_EQ(percent_decode("%e2%82%ac", false), "\xE2\x82\xAC");
  EXPECT_EQ(percent_decode("%00", false), std::string(1, '\0'));
  EXPECT_EQ(percent_decode("", false), "");
}

TEST(PercentDecode, PlusIsSpaceOnlyWhenAsked) {
  EXPECT_EQ(percent_decode("a+b%2B", true), "a b+");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
}

TEST(PercentDecode, RejectsMalformedEscapes) {
  for (const char* bad : {"%", "%4", "a%", "%zz", "%4g", "%g4", "ok%2"}) {
    EXPECT_FALSE(percent_decode(bad, false)) << "'" << bad << "'";
  }
}

TEST(ParseQueryString, KeepsOrderRepeatsAndEmptyValues) {
  const auto params = parse_query_string("tag=a&q=hello+world&tag=b&empty=&flag&&x=1%3D2&y=a=b");
  const QueryParams expected = {{"tag", "a"}, {"q", "hello world"}, {"tag", "b"}, {"empty", ""},
                                {"flag", ""}, {"x", "1=2"},         {"y", "a=b"}};
  EXPECT_EQ(params, expected);
}

TEST(ParseQueryString, DecodesNamesToo) {
  const auto params = parse_query_string("filter%5Bstatus%5D=open%26closed");
  ASSERT_EQ(params.size(), 1u);
  EXPECT_EQ(params[0].first, "filter[status]");
  EXPECT_EQ(params[0].second, "open&closed");
}

TEST(ParseQueryString, EmptyQueryHasNoParameters) {
  EXPECT_TRUE(parse_query_string("").empty());
  EXPECT_TRUE(parse_query_string("&&").empty());
}

TEST(ParseQueryString, MalformedEncodingNamesThePiece) {
  for (const char* bad : {"q=%zz", "%=1", "ok=1&bad=50%"}) {
    try {
      parse_query_string(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::invalid_request);
      const std::string message = error.what();
      EXPECT_NE(message.find("query parameter"), std::string::npos) << message;
      EXPECT_EQ(message.find("ok=1"), std::string::npos) << "names the good piece: " << message;
    }
  }
}

TEST(RequestId, AcceptsSafeIdsUpToTheLimit) {
  const std::vector<std::string> good_ids = {"a", "req-123", "0f8fad5b-d9cb-469f-a165-70867728950e",
                                             "trace.span_1", std::string(kMaxRequestIdLength, 'x')};
  for (const std::string& good : good_ids) {
    EXPECT_TRUE(is_acceptable_request_id(good)) << good;
    EXPECT_EQ(choose_request_id(good), good);
  }
}

TEST(RequestId, RejectsUnsafeOrOversizeIds) {
  const std::vector<std::string> bad_ids = {"",
                                            std::string(kMaxRequestIdLength + 1, 'x'),
                                            "has space",
                                            "a/b",
                                            "line\nbreak",
                                            "quote\"",
                                            "caf\xC3\xA9",
                                            "a:b",
                                            std::string(1, '\0')};
  for (const std::string& bad : bad_ids) {
    EXPECT_FALSE(is_acceptable_request_id(bad)) << bad;
    const std::string chosen = choose_request_id(bad);
    EXPECT_NE(chosen, bad);
    EXPECT_TRUE(is_acceptable_request_id(chosen));
  }
}

TEST(RequestId, GeneratedIdsAreHexAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = generate_request_id();
    ASSERT_EQ(id.size(), 32u);
    ASSERT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

} // namespace
} // namespace agenthost::http
