// The cleaning every provider's text goes through (search_hit.hpp), on its own.
#include "../search_hit.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace web_search {
namespace {

using agenthost::json::Value;

TEST(WebSearchPlainText, DropsTagsDecodesEntitiesAndCollapsesWhitespace) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"plain text stays", "plain text stays"},
      {"  runs \t of\n\nspace  ", "runs of space"},
      {"the <strong>Brave</strong> <strong>Search</strong> API", "the Brave Search API"},
      {"<b>C++</b>17", "C++17"},                                          // inline tags join without a gap
      {"first<br>second<p>third</p>fourth", "first second third fourth"}, // block tags separate
      {"Brave&#x27;s &amp; &quot;SearXNG&quot; &lt;b&gt;", "Brave's & \"SearXNG\" <b>"},
      {"a&nbsp;&nbsp;b &mdash; c", "a b \u2014 c"},               // no-break spaces are spaces
      {"q=test&format=json & more", "q=test&format=json & more"}, // a bare '&' is text
      {"1 < 2 and 3 > 2", "1 < 2 and 3 > 2"},
      {"shown<script>alert(1)</script><style>p{}</style> too", "shown too"},
      {"<span class=\"highlight\">match</span>ing", "matching"},
      {"caf\u00e9 \u2603", "caf\u00e9 \u2603"},
      {"", ""},
      {"<p></p>", ""},
  };
  for (const auto& [input, expected] : cases) {
    SCOPED_TRACE(input);
    EXPECT_EQ(plain_text(input), expected);
  }
}

TEST(WebSearchPlainText, SurvivesDeepNesting) {
  std::string deep;
  for (int i = 0; i < 600; ++i) deep += "<div>";
  deep += "bottom";
  ASSERT_LE(deep.size(), kMaxMarkupBytes);
  EXPECT_EQ(plain_text(deep), "bottom");
}

TEST(WebSearchPlainText, ReadsOnlyTheFirstPartOfHugeMarkup) {
  std::string huge = "start ";
  while (huge.size() < 64 * 1024) huge += "<span>\u00e9";
  huge += " end";
  const std::string text = plain_text(huge);
  EXPECT_EQ(text.rfind("start ", 0), 0u);
  EXPECT_EQ(text.find("end"), std::string::npos) << "markup past the cap is not read";
  EXPECT_LE(text.size(), kMaxMarkupBytes);
}

TEST(WebSearchMakeHit, KeepsOnlyWebUrlsAndFillsAMissingTitle) {
  const Value title("<b>Title</b>"), snippet("a &amp; b"), web("https://example.org/a"), mail("mailto:x@example.org");
  const std::optional<SearchHit> hit = make_hit(&title, &web, &snippet);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->title, "Title");
  EXPECT_EQ(hit->url, "https://example.org/a");
  EXPECT_EQ(hit->snippet, "a & b");

  EXPECT_FALSE(make_hit(&title, &mail, &snippet)) << "a result the model cannot open is noise";
  EXPECT_FALSE(make_hit(&title, nullptr, &snippet));
  const Value number(3);
  EXPECT_FALSE(make_hit(&title, &number, &snippet));

  const Value padded("  http://example.org/b \n");
  const std::optional<SearchHit> untitled = make_hit(nullptr, &padded, nullptr);
  ASSERT_TRUE(untitled);
  EXPECT_EQ(untitled->url, "http://example.org/b");
  EXPECT_EQ(untitled->title, "http://example.org/b");
  EXPECT_EQ(untitled->snippet, "");
}

// A hostile or broken provider decides what the model is told to open: only a URL that web_fetch
// can fetch as it is (an absolute http(s) URL with a host, no spaces or control characters, of a
// sane length) becomes a result.
TEST(WebSearchMakeHit, DropsUrlsThatAreNotFetchableWebPages) {
  const Value title("t");
  for (const std::string bad : {"javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html,<script>",
                                "vbscript:msgbox", "http://", "https:///path", "http:example.org", "//example.org/a",
                                "https://exa mple.org/", "http://example.org/a b", "http://example.org/\x01x",
                                "http://example.org/\x7F", "https://example.org/\thidden", "ftp://example.org/",
                                "http://[::1/", "https://example.org:99999/"}) {
    const Value url(bad);
    EXPECT_FALSE(make_hit(&title, &url, nullptr)) << bad;
  }
  const Value huge("https://example.org/" + std::string(kMaxUrlBytes, 'a'));
  EXPECT_FALSE(make_hit(&title, &huge, nullptr)) << "a URL longer than kMaxUrlBytes";
  const Value upper("HTTPS://Example.org/Page");
  const std::optional<SearchHit> kept = make_hit(&title, &upper, nullptr);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->url, "HTTPS://Example.org/Page");
}

TEST(WebSearchMakeHit, CapsLongSnippetsOnACharacterBoundary) {
  std::string long_text;
  while (long_text.size() < 2 * kMaxSnippetBytes) long_text += "\u00e9t\u00e9 ";
  const Value url("https://example.org"), snippet(long_text);
  const std::optional<SearchHit> hit = make_hit(nullptr, &url, &snippet);
  ASSERT_TRUE(hit);
  EXPECT_LE(hit->snippet.size(), kMaxSnippetBytes);
  EXPECT_EQ(hit->snippet.substr(hit->snippet.size() - 3), "...");
  const std::string kept = hit->snippet.substr(0, hit->snippet.size() - 3);
  EXPECT_EQ(long_text.compare(0, kept.size(), kept), 0) << "the start is kept, whole characters only";
  EXPECT_NE(static_cast<unsigned char>(kept.back()) & 0xC0, 0x80u);
}

TEST(WebSearchAddHit, SkipsDuplicatesAndStopsAtTheLimit) {
  std::vector<SearchHit> hits;
  EXPECT_FALSE(add_hit(hits, SearchHit{"a", "https://a", ""}, 2));
  EXPECT_FALSE(add_hit(hits, SearchHit{"a again", "https://a", ""}, 2));
  EXPECT_FALSE(add_hit(hits, std::nullopt, 2));
  EXPECT_TRUE(add_hit(hits, SearchHit{"b", "https://b", ""}, 2));
  EXPECT_TRUE(add_hit(hits, SearchHit{"c", "https://c", ""}, 2));
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].title, "a");
  EXPECT_EQ(hits[1].title, "b");
}

TEST(WebSearchHitsJson, RoundTripsAndRefusesOtherShapes) {
  const std::vector<SearchHit> hits = {{"t", "https://u", "s"}, {"t2", "https://u2", ""}};
  const Value json = hits_to_json(hits);
  EXPECT_EQ(json, Value::array({Value::object({{"title", "t"}, {"url", "https://u"}, {"snippet", "s"}}),
                                Value::object({{"title", "t2"}, {"url", "https://u2"}, {"snippet", ""}})}));
  const std::vector<SearchHit> back = hits_from_json(json);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].url, "https://u2");
  EXPECT_THROW(hits_from_json(Value::object()), agenthost::json::TypeError);
  EXPECT_THROW(hits_from_json(Value::array({Value::object({{"title", 1}})})), agenthost::json::TypeError);
}

} // namespace
} // namespace web_search
