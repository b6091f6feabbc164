// agenthost::url (url.hpp): percent-encoding, parsing, normalization and RFC 3986 reference
// resolution, checked against the RFC's own examples where it has them.
#include "agenthost/url.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace url = agenthost::url;

TEST(UrlPercentEncode, KeepsUnreservedAndEncodesEverythingElse) {
  EXPECT_EQ(url::percent_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(url::percent_encode("a b&c=d/e?f#g+h%"), "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25");
  EXPECT_EQ(url::percent_encode("caf\xC3\xA9"), "caf%C3%A9");
  EXPECT_EQ(url::percent_encode(std::string("\0\x7F", 2)), "%00%7F");
  EXPECT_EQ(url::percent_encode(""), "");
}

TEST(UrlParse, SplitsEveryComponent) {
  const auto u = url::parse("HTTPS://user:pw@Example.COM:8443/a/b?x=1&y=2#frag");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->userinfo, "user:pw");
  EXPECT_EQ(u->host, "Example.COM");
  EXPECT_EQ(u->port, "8443");
  EXPECT_EQ(u->path, "/a/b");
  EXPECT_EQ(u->query, "x=1&y=2");
  EXPECT_EQ(u->fragment, "frag");
}

TEST(UrlParse, IPv6LiteralHostLosesItsBrackets) {
  const auto u = url::parse("http://[::1]:8080/");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, "8080");
  EXPECT_EQ(url::to_string(*u), "http://[::1]:8080/");
}

TEST(UrlParse, AcceptsOtherSchemesWithoutAuthority) {
  const auto mail = url::parse("mailto:someone@example.com");
  ASSERT_TRUE(mail.has_value());
  EXPECT_EQ(mail->scheme, "mailto");
  EXPECT_EQ(mail->host, "");
  EXPECT_EQ(mail->path, "someone@example.com");
  const auto file = url::parse("file:///etc/passwd");
  ASSERT_TRUE(file.has_value());
  EXPECT_EQ(file->path, "/etc/passwd");
  EXPECT_EQ(url::to_string(*file), "file:///etc/passwd");
}

TEST(UrlParse, RejectsMalformedUrls) {
  for (const char* bad : {"", "example.com/page", "/relative/path", "//example.com/", "http://", "https:///path",
                          "http://exa mple.com/", "http://example.com/a b", "http://example.com/\t",
                          "http://example.com:99999/", "http://example.com:80a/", "http://[::1/",
                          "http://[::1]x/", "http://a:b:c/", "http://exa<mple.com/", "1http://example.com/"}) {
    EXPECT_FALSE(url::parse(bad).has_value()) << bad;
  }
}

TEST(UrlToString, RoundTripsParsedUrls) {
  for (const char* text : {"http://example.com/", "https://u@h:1/p?q#f", "http://h/p?q", "ftp://h", "urn:isbn:123"}) {
    const auto u = url::parse(text);
    ASSERT_TRUE(u.has_value()) << text;
    EXPECT_EQ(url::to_string(*u), text);
  }
}

TEST(UrlToString, AddsTheSlashAPathNeedsAfterAnAuthority) {
  url::Url u;
  u.scheme = "http";
  u.host = "example.com";
  u.path = "page";
  EXPECT_EQ(url::to_string(u), "http://example.com/page");
}

TEST(UrlNormalize, ProducesOneKeyForEquivalentSpellings) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"HTTP://Example.COM", "http://example.com/"},
      {"http://example.com:80/a", "http://example.com/a"},
      {"https://example.com:443/a", "https://example.com/a"},
      {"https://example.com:080/a", "https://example.com:80/a"},
      {"http://example.com:8080", "http://example.com:8080/"},
      {"http://example.com/a#section", "http://example.com/a"},
      {"http://example.com/%7euser/%41%2f?q=%7e%2b", "http://example.com/~user/A%2F?q=~%2B"},
      {"http://example.com/a%2fb%zz%", "http://example.com/a%2Fb%zz%"},
      {"http://example.com/a/./b/../c", "http://example.com/a/c"},
      {"http://example.com/?", "http://example.com/?"},
      {"http://[FE80::1]:80/", "http://[fe80::1]/"},
      {"HTTP://User@Example.com/P", "http://User@example.com/P"},
      {"http://%c3%A9.%45x/", "http://%C3%A9.ex/"},
  };
  for (const auto& [input, expected] : cases) EXPECT_EQ(url::normalize(input), expected) << input;
}

// Without an authority a path may not start with "//" (RFC 3986 section 3.3): a path that dot
// segments turn into one keeps a "/." in front, so the result does not grow an authority.
TEST(UrlNormalize, NeverTurnsAPathIntoAnAuthority) {
  EXPECT_EQ(url::normalize("foo:/.//x"), "foo:/.//x");
  EXPECT_EQ(url::normalize("foo:/a/..//x?q"), "foo:/.//x?q");
  EXPECT_EQ(url::normalize("foo:/%2e%2e//x"), "foo:/.//x");
  EXPECT_EQ(url::resolve("foo:/a/b", "/..//x"), "foo:/.//x");
  EXPECT_EQ(url::normalize("http://h/a/..//x"), "http://h//x"); // with an authority "//x" is a path
}

// normalize is a cache key: applying it twice must give the same key, and the key must itself be
// a URL. Checked over URLs generated from the pieces that make normalization hard (dot segments,
// percent-encodings of dots, slashes and '%', case, default ports, empty components).
TEST(UrlNormalize, IsIdempotentOverGeneratedUrls) {
  const std::vector<std::string> schemes = {"http", "HTTP", "https", "hTTps", "foo", "mailto", "a+b"};
  const std::vector<std::string> authorities = {
      "",         "//",          "//h",    "//Ex.COM", "//%41b", "//[::1]",  "//[FE80::1%25eth0]", "//h.",
      "//u@h",    "//U%41@h:80", "//a@b@h", "//h:",    "//h:0443", "//h:8080", "//h:00",             "//%c3%a9.x"};
  const std::vector<std::string> segments = {"",  ".", "..", "%2e", "%2E%2e", ".%2E", "a", "%7E", "%2f", "b%zz",
                                             "%", "%4", ";p", "%25", "%252e", "A",    "~", ":",   "@"};
  const std::vector<std::string> queries = {"", "?", "?a=%7e", "?%2E%2E", "?x=/../", "?%"};
  const std::vector<std::string> fragments = {"", "#", "#f", "#%2e"};
  std::mt19937 random(20261129); // fixed: a failure reproduces
  const auto pick = [&random](const std::vector<std::string>& from) { return from[random() % from.size()]; };
  int checked = 0;
  for (int i = 0; i < 50000; ++i) {
    std::string text = pick(schemes) + ":" + pick(authorities);
    const bool rooted = random() % 3 != 0;
    for (unsigned s = 0, n = random() % 5; s < n; ++s) text += (s > 0 || rooted ? "/" : "") + pick(segments);
    text += pick(queries) + pick(fragments);
    if (!url::parse(text)) continue;
    ++checked;
    const std::string once = url::normalize(text);
    ASSERT_TRUE(url::parse(once).has_value()) << text << " -> " << once;
    ASSERT_EQ(url::normalize(once), once) << text;
  }
  EXPECT_GT(checked, 10000); // the generator mostly makes URLs that parse
}

TEST(UrlNormalize, ReturnsWhatDoesNotParseUnchanged) {
  EXPECT_EQ(url::normalize("not a url"), "not a url");
  EXPECT_EQ(url::normalize("/relative"), "/relative");
}

// RFC 3986 section 5.4.1 (normal examples) and 5.4.2 (abnormal examples, strict parser).
TEST(UrlResolve, MatchesTheRfc3986Examples) {
  const std::string base = "http://a/b/c/d;p?q";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"},
      {"g?y#s", "http://a/b/c/g?y#s"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"g;x?y#s", "http://a/b/c/g;x?y#s"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
      // 5.4.2
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g?y/../x", "http://a/b/c/g?y/../x"},
      {"g#s/./x", "http://a/b/c/g#s/./x"},
      {"g#s/../x", "http://a/b/c/g#s/../x"},
      {"http:g", "http:g"},
  };
  for (const auto& [reference, expected] : cases) EXPECT_EQ(url::resolve(base, reference), expected) << reference;
}

TEST(UrlResolve, HandlesRedirectLocations) {
  EXPECT_EQ(url::resolve("http://example.com", "next"), "http://example.com/next");
  EXPECT_EQ(url::resolve("https://example.com/a/b", "https://other.org/x?y"), "https://other.org/x?y");
  EXPECT_EQ(url::resolve("https://example.com/a/b", "//cdn.example.com/x"), "https://cdn.example.com/x");
  EXPECT_EQ(url::resolve("not a base", "page"), "page");
}

} // namespace
