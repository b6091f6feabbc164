// web_fetch against what a hostile or careless site, or a model, sends it: compressed bodies it did
// not ask for, URLs the host's parser reads differently (fragments, stray '%', encoded and
// international host names, overlong URLs), a title that would bypass the token budget, charsets
// it cannot convert. Each test was written before the fix it checks.
#include "web_fetch_fixture.hpp"

namespace web_fetch_test {
namespace {

TEST_F(WebFetchPlugin, RefusesACompressedBodyItDidNotAskFor) {
  FakeHttpResponse gzip = page("text/html", {std::string("\x1F\x8B\x08\x00", 4)});
  gzip.headers.emplace_back("Content-Encoding", "gzip");
  site["http://example.com/z"] = gzip;
  FakeHttpResponse identity = page("text/plain", {"plain"});
  identity.headers.emplace_back("Content-Encoding", "Identity");
  site["http://example.com/i"] = identity;
  const CallResult r = fetch("http://example.com/z");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error_status, AH_ERR_UPSTREAM);
  EXPECT_THAT(r.error, HasSubstr("'http://example.com/z' sent its body compressed (Content-Encoding: 'gzip') although "
                                 "web_fetch asked for none"));
  EXPECT_EQ(host.http_body_bytes_accepted, 0u);
  EXPECT_TRUE(host.pipeline_runs.empty());
  EXPECT_TRUE(fetch("http://example.com/i").ok());
}

TEST_F(WebFetchPlugin, SendsNoFragmentAndAlwaysAPath) {
  site["https://example.com/a"] = page("text/plain", {"a"});
  site["http://example.com/?x=1"] = page("text/plain", {"q"});
  site["http://example.com/"] = page("text/plain", {"root"});
  site["http://example.com/r"] = redirect(302, "/a#top");
  site["http://example.com/a"] = page("text/plain", {"after redirect"});
  const CallResult a = fetch("https://example.com/a#History");
  ASSERT_TRUE(a.ok()) << a.error;
  EXPECT_EQ(a.result_json()["url"].as_string(), "https://example.com/a#History");
  EXPECT_EQ(a.result_json()["final_url"].as_string(), "https://example.com/a");
  EXPECT_TRUE(fetch("http://example.com?x=1").ok());
  EXPECT_TRUE(fetch("http://example.com#f").ok());
  const CallResult redirected = fetch("http://example.com/r");
  ASSERT_TRUE(redirected.ok()) << redirected.error;
  EXPECT_EQ(redirected.result_json()["final_url"].as_string(), "http://example.com/a");
  for (const agenthost::HttpRequest& request : host.http_requests)
    EXPECT_EQ(request.url.find('#'), std::string::npos) << request.url;
}

TEST_F(WebFetchPlugin, EncodesAStrayPercentSign) {
  site["http://example.com/100%25?x=%2F%25zz"] = page("text/plain", {"percent"});
  const CallResult r = fetch("http://example.com/100%?x=%2F%zz");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result_json()["final_url"].as_string(), "http://example.com/100%25?x=%2F%25zz");
}

TEST_F(WebFetchPlugin, RefusesHostNamesItCannotResolveWithAClearMessage) {
  for (const std::string url : {"http://b\xC3\xBC" "cher.example/", "http://%65xample.com/"}) {
    const CallResult r = fetch(url);
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_EQ(r.error_status, AH_ERR_INVALID_ARGUMENT) << url;
    EXPECT_THAT(r.error, HasSubstr("write the host name in plain ASCII (an international name in its punycode "
                                   "form, xn--...)"))
        << url;
  }
  EXPECT_TRUE(host.http_requests.empty());
  // An IPv6 zone id is not a percent-encoded host name: the host's egress policy judges it.
  fetch("http://[fe80::1%25eth0]/");
  EXPECT_EQ(host.http_requests.size(), 1u);
}

TEST_F(WebFetchPlugin, RefusesAnOverlongUrl) {
  const CallResult r = fetch("http://example.com/" + std::string(9000, 'a'));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error_status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(r.error, HasSubstr("is 9019 bytes long; web_fetch takes URLs of at most 8192 bytes"));
  EXPECT_TRUE(host.http_requests.empty());
}

TEST_F(WebFetchPlugin, RefusesACharsetItCannotConvert) {
  site["http://example.com/sjis"] = page("text/plain; charset=Shift_JIS", {"\x82\xA0\x82\xA2"});
  site["http://example.com/u16"] = page("text/html; charset=utf-16le", {std::string("<\0p\0>\0h\0i\0", 10)});
  site["http://example.com/ok"] = page("text/plain; charset=koi8-r", {"plain ascii"});
  const CallResult sjis = fetch("http://example.com/sjis");
  ASSERT_FALSE(sjis.ok());
  EXPECT_EQ(sjis.error_status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_THAT(sjis.error, HasSubstr("'http://example.com/sjis' is encoded as 'shift_jis', which web_fetch cannot "
                                    "convert (it reads UTF-8, ISO-8859-1 and windows-1252); try another source"));
  const CallResult u16 = fetch("http://example.com/u16");
  ASSERT_FALSE(u16.ok());
  EXPECT_THAT(u16.error, HasSubstr("is encoded as 'utf-16le'"));
  EXPECT_TRUE(host.pipeline_runs.empty());
  const CallResult ok = fetch("http://example.com/ok");
  ASSERT_TRUE(ok.ok()) << ok.error;
  EXPECT_EQ(ok.result_json()["text"].as_string(), "plain ascii");
}

TEST_F(WebFetchPlugin, CapsTheTitleOnACharacterBoundary) {
  std::string title;
  for (int i = 0; i < 50000; ++i) title += "\xC3\xA9";
  site["http://example.com/"] = page("text/html", {"<title>" + title + "</title><p>short</p>"});
  const CallResult r = fetch("http://example.com/", {{"max_tokens", "100"}});
  ASSERT_TRUE(r.ok()) << r.error;
  const std::string got = r.result_json()["title"].as_string();
  EXPECT_LE(got.size(), 300u);
  EXPECT_TRUE(got == title.substr(0, 296) + "...") << got.size() << " bytes"; // not half an "é"
}

// The host keeps cache entries across restarts under the instance's section: a setting that
// changes what a site sends (the User-Agent it tailors pages to, how many redirects may lead to
// a page) must be in the key, or an entry made under the old setting answers under the new one.
TEST_F(WebFetchPlugin, TheCacheKeyHoldsEverySettingThatChangesTheAnswer) {
  site["https://example.com/a"] = page("text/plain", {"words"});
  ASSERT_TRUE(fetch("https://example.com/a#top", {{"user_agent", "Bot|2"}, {"max_redirects", "3"}}).ok());
  ASSERT_EQ(host.cache.size(), 1u);
  const std::string key = host.cache.begin()->first;
  EXPECT_NE(key.find("v1|https://example.com/a|4000||2097152|3|Bot|2"), std::string::npos) << key;
}

// The host writes header values as they are (Poco 1.11 does not check them): a User-Agent with a
// line break, e.g. from an environment variable, would add headers of its own to every request.
TEST_F(WebFetchPlugin, RefusesAUserAgentThatWouldBreakTheRequestHead) {
  const std::vector<std::string> agents = {"Bot/1\r\nX-Injected: 1", "Bot/1\n", std::string("Bot\0/1", 6)};
  for (const std::string& agent : agents) {
    try {
      host.create("web_fetch", {{"user_agent", agent}});
      ADD_FAILURE() << "accepted a user_agent with a control character";
    } catch (const std::runtime_error& e) {
      EXPECT_THAT(e.what(), HasSubstr("user_agent: must not contain control characters (line breaks, tabs, NUL)"));
    }
  }
  EXPECT_NO_THROW(host.create("web_fetch", {{"user_agent", "Mozilla/5.0 (compatible; agenthost)"}}));
}

} // namespace
} // namespace web_fetch_test
