#include "http/router.hpp"

#include "common/error.hpp"

#include <gtest/gtest.h>

namespace agenthost::http {
namespace {

Handler noop() {
  return [](Request&, Response&) {};
}

using Outcome = RouteMatch::Outcome;

TEST(Router, MatchesLiteralPathAndReportsPattern) {
  Router router;
  router.add("GET", "/health", noop());
  const auto match = router.match("GET", "/health");
  ASSERT_EQ(match.outcome, Outcome::matched);
  EXPECT_NE(match.handler, nullptr);
  EXPECT_EQ(match.pattern, "/health");
  EXPECT_TRUE(match.params.empty());
}

TEST(Router, CapturesPercentDecodedPathParameters) {
  Router router;
  router.add("GET", "/api/v1/agents/{agent_id}/tools/{name}", noop());
  const auto match = router.match("GET", "/api/v1/agents/ag%201/tools/web_search");
  ASSERT_EQ(match.outcome, Outcome::matched);
  EXPECT_EQ(match.params.at("agent_id"), "ag 1");
  EXPECT_EQ(match.params.at("name"), "web_search");
}

TEST(Router, EncodedSlashStaysInsideOneParameter) {
  Router router;
  router.add("GET", "/files/{id}", noop());
  const auto match = router.match("GET", "/files/a%2Fb");
  ASSERT_EQ(match.outcome, Outcome::matched);
  EXPECT_EQ(match.params.at("id"), "a/b");
  EXPECT_EQ(router.match("GET", "/files/a/b").outcome, Outcome::not_found);
}

TEST(Router, LiteralSegmentsCompareAfterDecoding) {
  Router router;
  router.add("GET", "/health", noop());
  EXPECT_EQ(router.match("GET", "/he%61lth").outcome, Outcome::matched);
}

TEST(Router, RootPattern) {
  Router router;
  router.add("GET", "/", noop());
  EXPECT_EQ(router.match("GET", "/").outcome, Outcome::matched);
  EXPECT_EQ(router.match("GET", "//").outcome, Outcome::not_found);
  EXPECT_EQ(router.match("GET", "/x").outcome, Outcome::not_found);
}

TEST(Router, IsStrictAboutSlashesAndSegmentCounts) {
  Router router;
  router.add("GET", "/health", noop());
  router.add("GET", "/agents/{id}", noop());
  for (const char* path :
       {"/health/", "//health", "/health//", "/healt", "/healthz", "/health/x", "health", "",
        "/agents/", "/agents//", "/agents", "/agents/a/", "/agents/a/b", "/"}) {
    EXPECT_EQ(router.match("GET", path).outcome, Outcome::not_found) << "path '" << path << "'";
  }
}

TEST(Router, WrongMethodListsAllowedMethodsSortedWithHeadForGet) {
  Router router;
  router.add("POST", "/agents/{id}", noop());
  router.add("GET", "/agents/{id}", noop());
  router.add("DELETE", "/agents/{id}", noop());
  const auto match = router.match("PUT", "/agents/a1");
  ASSERT_EQ(match.outcome, Outcome::method_not_allowed);
  EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"DELETE", "GET", "HEAD", "POST"}));
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_EQ(join_methods(match.allowed_methods), "DELETE, GET, HEAD, POST");
}

TEST(Router, MethodsAreCaseSensitive) {
  Router router;
  router.add("GET", "/health", noop());
  EXPECT_EQ(router.match("get", "/health").outcome, Outcome::method_not_allowed);
}

TEST(Router, HeadFallsBackToGetUnlessHeadIsRegistered) {
  Router router;
  router.add("GET", "/a", noop());
  router.add("GET", "/b", noop());
  router.add("HEAD", "/b", noop());
  const auto head_a = router.match("HEAD", "/a");
  ASSERT_EQ(head_a.outcome, Outcome::matched);
  EXPECT_EQ(head_a.handler, router.match("GET", "/a").handler);
  const auto head_b = router.match("HEAD", "/b");
  ASSERT_EQ(head_b.outcome, Outcome::matched);
  EXPECT_NE(head_b.handler, router.match("GET", "/b").handler);
}

TEST(Router, LiteralSegmentBeatsParameterWhateverTheRegistrationOrder) {
  for (bool literal_first : {true, false}) {
    Router router;
    if (literal_first) router.add("GET", "/agents/search", noop());
    router.add("GET", "/agents/{id}", noop());
    if (!literal_first) router.add("GET", "/agents/search", noop());

    EXPECT_EQ(router.match("GET", "/agents/search").pattern, "/agents/search");
    const auto other = router.match("GET", "/agents/ag_7");
    EXPECT_EQ(other.pattern, "/agents/{id}");
    EXPECT_EQ(other.params.at("id"), "ag_7");
  }
}

TEST(Router, SpecificityIsDecidedLeftToRight) {
  Router router;
  router.add("GET", "/{kind}/latest", noop());
  router.add("GET", "/agents/{id}", noop());
  EXPECT_EQ(router.match("GET", "/agents/latest").pattern, "/agents/{id}");
  EXPECT_EQ(router.match("GET", "/documents/latest").pattern, "/{kind}/latest");
}

TEST(Router, MethodChoosesBetweenOverlappingPatterns) {
  Router router;
  router.add("GET", "/agents/search", noop());
  router.add("DELETE", "/agents/{id}", noop());
  const auto match = router.match("DELETE", "/agents/search");
  ASSERT_EQ(match.outcome, Outcome::matched);
  EXPECT_EQ(match.pattern, "/agents/{id}");
  EXPECT_EQ(match.params.at("id"), "search");
}

TEST(Router, MalformedPercentEncodingIsAnInvalidRequest) {
  Router router;
  router.add("GET", "/files/{id}", noop());
  for (const char* path : {"/files/%", "/files/%4", "/files/%zz", "/files/a%g1", "/nowhere/%"}) {
    try {
      router.match("GET", path);
      ADD_FAILURE() << "accepted " << path;
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::invalid_request);
      EXPECT_NE(std::string(error.what()).find("percent-encoding"), std::string::npos);
    }
  }
}

void expect_rejected(std::string_view method, std::string_view pattern,
                     const std::string& expected_text, Handler handler = noop()) {
  Router router;
  router.add("GET", "/existing/{id}", noop());
  try {
    router.add(method, pattern, std::move(handler));
    ADD_FAILURE() << "accepted " << method << " " << pattern;
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::internal);
    EXPECT_NE(std::string(error.what()).find(expected_text), std::string::npos)
        << method << " " << pattern << ": " << error.what();
  }
  EXPECT_EQ(router.size(), 1u) << "a rejected route must not be registered";
}

TEST(RouterRegistration, RejectsBadMethods) {
  for (const char* method : {"", "get", "G T", "GET1", "PO-ST"})
    expect_rejected(method, "/x", "upper-case token");
}

TEST(RouterRegistration, RejectsBadPatterns) {
  expect_rejected("GET", "", "must start with '/'");
  expect_rejected("GET", "health", "must start with '/'");
  expect_rejected("GET", "/health/", "empty segment");
  expect_rejected("GET", "//health", "empty segment");
  expect_rejected("GET", "/a//b", "empty segment");
  expect_rejected("GET", "/a/{}", "must be {name}");
  expect_rejected("GET", "/a/{x-y}", "must be {name}");
  expect_rejected("GET", "/a/{x}/{x}", "appears twice");
  expect_rejected("GET", "/a/x{id}", "a parameter must be a whole segment");
  expect_rejected("GET", "/a/{id", "a parameter must be a whole segment");
  expect_rejected("GET", "/a/100%", "a parameter must be a whole segment");
  expect_rejected("GET", "/a?x=1", "a parameter must be a whole segment");
}

TEST(RouterRegistration, RejectsEmptyHandler) {
  expect_rejected("GET", "/x", "handler is empty", Handler());
}

TEST(RouterRegistration, RejectsPatternWithTheSameShapeForTheSameMethod) {
  expect_rejected("GET", "/existing/{other_name}", "registered earlier");
  Router router;
  router.add("GET", "/existing/{id}", noop());
  EXPECT_NO_THROW(router.add("POST", "/existing/{id}", noop()));
  EXPECT_NO_THROW(router.add("GET", "/existing/literal", noop()));
  EXPECT_EQ(router.size(), 3u);
}

} // namespace
} // namespace agenthost::http
