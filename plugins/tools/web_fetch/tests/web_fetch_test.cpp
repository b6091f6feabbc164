// The web_fetch plugin as the host sees it (web_fetch_fixture.hpp): pages, redirects, content
// types, budgets, errors and the cache.
#include "web_fetch_fixture.hpp"

namespace web_fetch_test {
namespace {

TEST_F(WebFetchPlugin, ReadsAnHtmlPageThroughThePipelineWithItsTitle) {
  site["https://example.com/"] =
      page("text/html; charset=utf-8", {"<html><head><title>Home</title></head>", "<body><p>Hello</p></body></html>"});
  const CallResult r = fetch("https://example.com/");
  ASSERT_TRUE(r.ok()) << r.error;
  const Value result = r.result_json();
  EXPECT_EQ(result["url"].as_string(), "https://example.com/");
  EXPECT_EQ(result["final_url"].as_string(), "https://example.com/");
  EXPECT_EQ(result["status"].as_int(), 200);
  EXPECT_EQ(result["title"].as_string(), "Home");
  EXPECT_EQ(result["content_type"].as_string(), "text/html");
  EXPECT_EQ(result["text"].as_string(), "HomeHello");
  EXPECT_FALSE(result["truncated"].as_bool());
  EXPECT_EQ(result["redirects"].as_int(), 0);

  ASSERT_EQ(host.pipeline_runs.size(), 1u);
  EXPECT_EQ(host.pipeline_runs[0].pipeline, ""); // the host's default for text/html
  const Value metadata = agenthost::json::parse(host.pipeline_runs[0].metadata_json);
  EXPECT_EQ(metadata["content_type"].as_string(), "text/html");
  EXPECT_EQ(metadata["source"].as_string(), "https://example.com/");
}

TEST_F(WebFetchPlugin, SendsItsHeadersLimitsAndNoHostRedirects) {
  site["http://example.com/a"] = page("text/plain", {"plain"});
  ASSERT_TRUE(fetch("http://example.com/a", {{"user_agent", "TestBot/2"}, {"connect_timeout_seconds", "3"}}).ok());
  ASSERT_EQ(host.http_requests.size(), 1u);
  const agenthost::HttpRequest& request = host.http_requests[0];
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.max_redirects, 0);
  EXPECT_EQ(request.connect_timeout_ms, 3000);
  EXPECT_GT(request.total_timeout_ms, 0);
  EXPECT_LE(request.total_timeout_ms, 20000);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"Accept", "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1"},
      {"Accept-Encoding", "identity"},
      {"User-Agent", "TestBot/2"}};
  EXPECT_EQ(request.headers, expected);
}

// The host does not decode Content-Encoding, and a request without Accept-Encoding lets a server
// pick any coding (RFC 9110 12.5.3): a gzip body would reach the pipeline as binary noise.
// A fragment is for the browser, never sent (RFC 9112 3.2: the request target has none), and an
// empty path is sent as "/": the host puts the URL's path, query and fragment on the request line
// as they are, so "http://h#f" would go out as "GET #f".
// The host refuses a URL with a '%' not followed by two hex digits ("URI encoding: no hex digit"),
// which real URLs ("/100%", "?discount=5%") have: it is sent as %25, as a browser does.
// A host name the resolver cannot take: percent-encoded (RFC 3986 allows it; getaddrinfo does
// not) or non-ASCII (IDN, not supported here). Said before any request, with what to do; the cache
// key (which decodes the host) is never built from it.
TEST_F(WebFetchPlugin, UsesTheConfiguredPipeline) {
  site["https://example.com/"] = page("application/xhtml+xml", {"<html><body>x</body></html>"});
  ASSERT_TRUE(fetch("https://example.com/", {{"pipeline", "web_clean"}}).ok());
  ASSERT_EQ(host.pipeline_runs.size(), 1u);
  EXPECT_EQ(host.pipeline_runs[0].pipeline, "web_clean");
}

TEST_F(WebFetchPlugin, FollowsARelativeRedirectItself) {
  site["https://example.com/docs/old/page"] = redirect(301, "../new/page?x=1");
  site["https://example.com/docs/new/page?x=1"] = page("text/plain", {"moved here"});
  const CallResult r = fetch("https://example.com/docs/old/page");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result_json()["final_url"].as_string(), "https://example.com/docs/new/page?x=1");
  EXPECT_EQ(r.result_json()["redirects"].as_int(), 1);
  EXPECT_EQ(r.result_json()["text"].as_string(), "moved here");
  ASSERT_EQ(host.http_requests.size(), 2u);
  EXPECT_EQ(host.http_requests[1].max_redirects, 0);
}

TEST_F(WebFetchPlugin, FollowsAChainOfFiveRedirectsButNotSix) {
  const int codes[] = {301, 302, 303, 307, 308, 302};
  for (int hop = 0; hop < 6; ++hop)
    site["http://example.com/" + std::to_string(hop)] = redirect(codes[hop], "/" + std::to_string(hop + 1));
  site["http://example.com/6"] = page("text/plain", {"the end"});

  const CallResult five = fetch("http://example.com/1");
  ASSERT_TRUE(five.ok()) << five.error;
  EXPECT_EQ(five.result_json()["redirects"].as_int(), 5);
  EXPECT_EQ(five.result_json()["final_url"].as_string(), "http://example.com/6");

  host.http_requests.clear();
  const CallResult six = fetch("http://example.com/0");
  ASSERT_FALSE(six.ok());
  EXPECT_THAT(six.error, HasSubstr("redirected more than 5 times (max_redirects)"));
  EXPECT_EQ(host.http_requests.size(), 6u); // the sixth Location is never requested
}

TEST_F(WebFetchPlugin, MaxRedirectsZeroRefusesTheFirstRedirect) {
  site["http://example.com/0"] = redirect(302, "/1");
  const CallResult r = fetch("http://example.com/0", {{"max_redirects", "0"}});
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error, HasSubstr("more than 0 times"));
}

TEST_F(WebFetchPlugin, SendsNonAsciiAndSpacesPercentEncodedAsBrowsersDo) {
  site["https://example.com/caf%C3%A9?q=%C3%BC%20x"] = page("text/plain", {"encoded"});
  const CallResult r = fetch("https://example.com/caf\xC3\xA9?q=\xC3\xBC x");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result_json()["url"].as_string(), "https://example.com/caf\xC3\xA9?q=\xC3\xBC x");
  EXPECT_EQ(r.result_json()["final_url"].as_string(), "https://example.com/caf%C3%A9?q=%C3%BC%20x");
}

TEST_F(WebFetchPlugin, EncodesSpacesInALocationAndRefusesAMalformedOne) {
  site["http://example.com/a"] = redirect(302, "/new page");
  site["http://example.com/new%20page"] = page("text/plain", {"found"});
  site["http://example.com/b"] = redirect(302, "http://[broken/");
  const CallResult spaced = fetch("http://example.com/a");
  ASSERT_TRUE(spaced.ok()) << spaced.error;
  EXPECT_EQ(spaced.result_json()["final_url"].as_string(), "http://example.com/new%20page");
  const CallResult broken = fetch("http://example.com/b");
  ASSERT_FALSE(broken.ok());
  EXPECT_THAT(broken.error, HasSubstr("redirected to 'http://[broken/', which is not a valid URL"));
}

TEST_F(WebFetchPlugin, RefusesARedirectToAnotherScheme) {
  site["http://example.com/"] = redirect(302, "file:///etc/passwd");
  const CallResult r = fetch("http://example.com/");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error, HasSubstr("'file:///etc/passwd', which is not an http(s) URL"));
  EXPECT_EQ(host.http_requests.size(), 1u);
}

TEST_F(WebFetchPlugin, ReturnsTextTypesAsTheyAre) {
  site["http://example.com/t"] = page("text/plain", {"  line one\n", "line <two>\n"});
  site["http://example.com/j"] = page("application/json", {R"({"a": 1})"});
  site["http://example.com/m"] = page("text/markdown; charset=UTF-8", {"# Title"});
  site["http://example.com/f"] = page("application/atom+xml", {"<feed/>"});
  EXPECT_EQ(fetch("http://example.com/t").result_json()["text"].as_string(), "  line one\nline <two>\n");
  EXPECT_EQ(fetch("http://example.com/j").result_json()["text"].as_string(), R"({"a": 1})");
  const CallResult markdown = fetch("http://example.com/m");
  EXPECT_EQ(markdown.result_json()["content_type"].as_string(), "text/markdown");
  EXPECT_EQ(markdown.result_json()["title"].as_string(), "");
  EXPECT_EQ(fetch("http://example.com/f").result_json()["text"].as_string(), "<feed/>");
  EXPECT_TRUE(host.pipeline_runs.empty());
}

TEST_F(WebFetchPlugin, RefusesOtherTypesWithoutReadingTheBody) {
  site["http://example.com/doc.pdf"] = page("application/pdf", {"%PDF-1.7 ..."});
  site["http://example.com/cat.png"] = page("image/png", {"\x89PNG"});
  const CallResult pdf = fetch("http://example.com/doc.pdf");
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.error,
            "web_fetch: 'http://example.com/doc.pdf' is application/pdf; this tool reads HTML and text pages only");
  EXPECT_EQ(pdf.error_status, AH_ERR_INVALID_ARGUMENT);
  const CallResult png = fetch("http://example.com/cat.png");
  EXPECT_THAT(png.error, HasSubstr("is image/png; this tool reads HTML and text pages only"));
  EXPECT_EQ(host.http_body_bytes_accepted, 0u);
}

TEST_F(WebFetchPlugin, SniffsABodyServedWithoutContentType) {
  site["http://example.com/h"] = page("", {"\n  <!DOCTYPE html><title>Sniffed</title><p>body</p>"});
  site["http://example.com/t"] = page("", {"just words"});
  site["http://example.com/b"] = page("", {std::string("\x00\x01\xFF\xFE", 4)});
  const CallResult html = fetch("http://example.com/h");
  ASSERT_TRUE(html.ok()) << html.error;
  EXPECT_EQ(html.result_json()["content_type"].as_string(), "text/html");
  EXPECT_EQ(html.result_json()["title"].as_string(), "Sniffed");
  const CallResult text = fetch("http://example.com/t");
  EXPECT_EQ(text.result_json()["content_type"].as_string(), "text/plain");
  EXPECT_EQ(text.result_json()["text"].as_string(), "just words");
  const CallResult binary = fetch("http://example.com/b");
  ASSERT_FALSE(binary.ok());
  EXPECT_THAT(binary.error, HasSubstr("sent no Content-Type and is neither HTML nor UTF-8 text"));
}

TEST_F(WebFetchPlugin, ConvertsLatin1AndWindows1252ToUtf8) {
  site["http://example.com/l"] = page("text/plain; charset=ISO-8859-1", {"caf\xE9 \x80"});
  site["http://example.com/m"] = page("text/html", {"<meta charset=\"windows-1252\"><p>na\xEFve</p>"});
  EXPECT_EQ(fetch("http://example.com/l").result_json()["text"].as_string(), "caf\xC3\xA9 \xE2\x82\xAC");
  ASSERT_TRUE(fetch("http://example.com/m").ok());
  ASSERT_EQ(host.pipeline_runs.size(), 1u);
  EXPECT_EQ(host.pipeline_runs[0].text, "<meta charset=\"windows-1252\"><p>na\xC3\xAFve</p>");
}

// A charset this tool cannot convert would reach the model as mojibake (or NUL-ridden UTF-16):
// say so instead. A page so labelled that is valid UTF-8 anyway is read (a wrong label).
TEST_F(WebFetchPlugin, CutsTheTextToTheTokenBudgetAtASentenceEnd) {
  host.estimate = [](std::string_view text, std::string_view) { return static_cast<int64_t>(text.size()); };
  site["http://example.com/"] = page("text/plain", {"First sentence here. Second sentence follows. Third one."});
  const CallResult whole = fetch("http://example.com/", {{"max_tokens", "100"}});
  EXPECT_FALSE(whole.result_json()["truncated"].as_bool());

  const CallResult cut = fetch("http://example.com/", {{"max_tokens", "100"}}, 50);
  ASSERT_TRUE(cut.ok()) << cut.error;
  EXPECT_EQ(cut.result_json()["text"].as_string(), "First sentence here. Second sentence follows.");
  EXPECT_TRUE(cut.result_json()["truncated"].as_bool());

  // A max_tokens argument above the setting gets the setting.
  const CallResult capped = fetch("http://example.com/", {{"max_tokens", "20"}}, 1000);
  ASSERT_TRUE(capped.ok()) << capped.error;
  EXPECT_EQ(capped.result_json()["text"].as_string(), "First sentence here.");
}

// The token budget covers the text; a page must not slip a megabyte past it in its <title>.
TEST_F(WebFetchPlugin, KeepsTheFirstMaxBytesOfALargerPage) {
  const std::string kilobyte(1024, 'a');
  site["http://example.com/big"] = page("text/plain", {kilobyte, kilobyte, kilobyte, kilobyte});
  const CallResult r = fetch("http://example.com/big", {{"max_bytes", "1500"}, {"max_tokens", "100000"}});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result_json()["text"].as_string().size(), 1500u);
  EXPECT_TRUE(r.result_json()["truncated"].as_bool());
  EXPECT_EQ(host.http_body_bytes_accepted, 1024u); // reading stopped in the second chunk
}

TEST_F(WebFetchPlugin, CutsAtMaxBytesOnACharacterBoundaryAndCleansACutHtmlPage) {
  std::string accents;
  for (int i = 0; i < 1000; ++i) accents += "\xC3\xA9";
  site["http://example.com/e"] = page("text/plain; charset=utf-8", {accents});
  site["http://example.com/h"] = page("text/html", {"<title>Long</title><p>" + std::string(3000, 'w') + "</p>"});
  const CallResult text = fetch("http://example.com/e", {{"max_bytes", "1025"}, {"max_tokens", "100000"}});
  ASSERT_TRUE(text.ok()) << text.error;
  EXPECT_EQ(text.result_json()["text"].as_string(), accents.substr(0, 1024)); // not half an "é"
  const CallResult html = fetch("http://example.com/h", {{"max_bytes", "1024"}, {"max_tokens", "100000"}});
  ASSERT_TRUE(html.ok()) << html.error;
  EXPECT_TRUE(html.result_json()["truncated"].as_bool());
  EXPECT_EQ(html.result_json()["title"].as_string(), "Long");
  ASSERT_EQ(host.pipeline_runs.size(), 1u);
  EXPECT_EQ(host.pipeline_runs[0].text.size(), 1024u);
}

TEST_F(WebFetchPlugin, ReportsErrorStatusesWithTheirMeaning) {
  site["http://example.com/gone"] = page("text/html", {"<h1>Not here</h1>"}, 404);
  site["http://example.com/busy"] = page("text/html", {"down"}, 503);
  site["http://example.com/from"] = redirect(302, "/gone");
  const CallResult missing = fetch("http://example.com/gone");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error_status, AH_ERR_NOT_FOUND);
  EXPECT_THAT(missing.error, HasSubstr("web_fetch: 'http://example.com/gone' answered HTTP 404 Not Found; check the URL"));
  const CallResult busy = fetch("http://example.com/busy");
  EXPECT_THAT(busy.error, HasSubstr("answered HTTP 503 Service Unavailable; the server failed"));
  EXPECT_EQ(busy.error_status, AH_ERR_UNAVAILABLE);
  const CallResult redirected = fetch("http://example.com/from");
  EXPECT_THAT(redirected.error, HasSubstr("'http://example.com/gone' (redirected from 'http://example.com/from') "
                                          "answered HTTP 404"));
  EXPECT_EQ(host.http_body_bytes_accepted, 0u);
}

TEST_F(WebFetchPlugin, PassesTheEgressRefusalThroughWithTheUrl) {
  const std::string refusal = "egress policy 'public' refuses 169.254.169.254 (link-local, cloud metadata)";
  host.http = [&](const agenthost::HttpRequest& request) {
    if (request.url.find("169.254.169.254") != std::string::npos) return failure(AH_ERR_PERMISSION, refusal);
    return redirect(302, "http://169.254.169.254/latest/meta-data/");
  };
  const CallResult r = fetch("http://innocent.example/");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error_status, AH_ERR_PERMISSION);
  EXPECT_THAT(r.error, HasSubstr("fetching 'http://169.254.169.254/latest/meta-data/' (redirected from "
                                 "'http://innocent.example/') failed: " + refusal));
  EXPECT_THAT(r.error, HasSubstr("(do not retry this URL;"));
}

TEST_F(WebFetchPlugin, PassesTimeoutsAndResolutionFailuresThrough) {
  host.http = [](const agenthost::HttpRequest&) {
    return failure(AH_ERR_TIMEOUT, "the exchange with http://slow.example took longer than its total timeout");
  };
  const CallResult slow = fetch("http://slow.example/");
  EXPECT_EQ(slow.error_status, AH_ERR_TIMEOUT);
  EXPECT_THAT(slow.error, HasSubstr("took longer than its total timeout (the site is slow or unreachable"));
  host.http = [](const agenthost::HttpRequest&) {
    return failure(AH_ERR_UNAVAILABLE, "cannot resolve the host of http://nowhere.invalid (check the URL)");
  };
  EXPECT_THAT(fetch("http://nowhere.invalid/").error,
              HasSubstr("'http://nowhere.invalid/' failed: cannot resolve the host of http://nowhere.invalid"));
}

TEST_F(WebFetchPlugin, RefusesBadUrlsBeforeAnyRequest) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"example.com/page", "add the scheme, e.g. https://example.com/page"},
      {"http://exa\tmple.com/", "is not a valid absolute URL"},
      {"file:///etc/passwd", "is a file: URL; this tool fetches http:// and https:// URLs only"},
      {"gopher://example.com/", "is a gopher: URL"},
      {"   ", "'url' is missing or empty"},
  };
  for (const auto& [url, message] : cases) {
    const CallResult r = fetch(url);
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_EQ(r.error_status, AH_ERR_INVALID_ARGUMENT) << url;
    EXPECT_THAT(r.error, HasSubstr(message)) << url;
  }
  auto tool = host.create("web_fetch");
  EXPECT_THAT(tool.invoke(R"({"url":"http://a/","depth":2})").error, HasSubstr("unknown argument 'depth'"));
  EXPECT_THAT(tool.invoke(R"({"url":"http://a/","max_tokens":0})").error, HasSubstr("'max_tokens' must be"));
  EXPECT_THAT(tool.invoke(R"({"url":42})").error, HasSubstr("'url' must be a string"));
  EXPECT_TRUE(host.http_requests.empty());
}

TEST_F(WebFetchPlugin, AnswersARepeatedFetchFromTheCache) {
  site["https://example.com/a"] = page("text/plain", {"cached words"});
  auto tool = host.create("web_fetch");
  const CallResult first = tool.invoke(fetch_arguments("https://example.com/a"));
  ASSERT_TRUE(first.ok()) << first.error;
  // Another spelling of the same URL is the same cache entry.
  const CallResult second = tool.invoke(fetch_arguments("HTTPS://EXAMPLE.com:443/a#top"));
  ASSERT_TRUE(second.ok()) << second.error;
  EXPECT_EQ(second.result(), first.result());
  EXPECT_EQ(second.of(AH_EVENT_RESULT).back().name, "application/json");
  EXPECT_EQ(host.http_requests.size(), 1u);

  // A different budget is a different answer, so a different key.
  ASSERT_TRUE(tool.invoke(fetch_arguments("https://example.com/a", 10)).ok());
  EXPECT_EQ(host.http_requests.size(), 2u);
  ASSERT_EQ(host.cache.size(), 2u);
  EXPECT_NE(host.cache.begin()->first.find("v1|https://example.com/a|"), std::string::npos);
}

TEST_F(WebFetchPlugin, DoesNotCacheFailures) {
  site["http://example.com/"] = page("text/plain", {"later"}, 500);
  auto tool = host.create("web_fetch");
  EXPECT_FALSE(tool.invoke(fetch_arguments("http://example.com/")).ok());
  site["http://example.com/"] = page("text/plain", {"now fine"});
  const CallResult r = tool.invoke(fetch_arguments("http://example.com/"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result_json()["text"].as_string(), "now fine");
  EXPECT_EQ(host.http_requests.size(), 2u);
}

TEST_F(WebFetchPlugin, ReportsAFailingPipelineWithThePage) {
  host.pipeline = nullptr;
  site["http://example.com/"] = page("text/html", {"<p>x</p>"});
  const CallResult r = fetch("http://example.com/");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error, HasSubstr("web_fetch: cleaning the HTML of 'http://example.com/' failed: the fake host has no "
                                 "pipeline configured"));
  // The pipeline's own advice is written for uploads (html_to_text: "upload the text"); the model
  // needs to hear what it can do here.
  EXPECT_THAT(r.error, ::testing::EndsWith("(web_fetch cannot read this page; try another source)"));
}

TEST_F(WebFetchPlugin, RejectsSettingsOutOfRange) {
  EXPECT_THROW(host.create("web_fetch", {{"max_redirects", "6"}}), std::runtime_error);
  EXPECT_THROW(host.create("web_fetch", {{"max_tokens", "0"}}), std::runtime_error);
  EXPECT_THROW(host.create("web_fetch", {{"cache_ttl", "60"}}), std::runtime_error); // a host key, never ours
}

} // namespace
} // namespace web_fetch_test
