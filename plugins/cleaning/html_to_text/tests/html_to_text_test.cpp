// html_to_text through the SDK's FakeHost, loaded from the built .so as the host loads it.
#include "agenthost/testing/cleaning.hpp"

#include <gtest/gtest.h>

#include <string>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built html_to_text plugin"
#endif

namespace {

using agenthost::testing::CallResult;
using agenthost::testing::CleaningStepTest;
using agenthost::testing::metadata_of;

class HtmlToText : public CleaningStepTest {
protected:
  HtmlToText()
      : CleaningStepTest(PLUGIN_PATH, "html_to_text", DATA_DIR,
                         R"({"content_type":"text/html","filename":"page.html","pages":1})") {}
};

TEST_F(HtmlToText, DeclaresAThreadSafeCleaningStep) {
  expect_thread_safe_cleaning_step();
}

TEST_F(HtmlToText, RendersTheContentOfAMessyPage) {
  const CallResult r = run(read_data("messy_article.html"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result(),
            "# How to brew great pour-over coffee\n"
            "\n"
            "Pour-over is simple: hot water, fresh grounds\xc2\xa0" "and patience. It\xe2\x80\x99s worth <5 minutes>.\n"
            "\n"
            "Read the bean buying guide first.\n"
            "Then weigh everything.\n"
            "\n"
            "## Equipment\n"
            "\n"
            "- A dripper\n"
            "  - ceramic\n"
            "  - glass\n"
            "- Paper filters\n"
            "\n"
            "## Steps\n"
            "\n"
            "1. Rinse the filter.\n"
            "2. Add 15\xe2\x80\x89g of coffee.\n"
            "3. Pour 250\xc2\xa0ml of water at 94\xc2\xb0" "C.\n"
            "\n"
            "Ratios\n"
            "Strength | Coffee | Water\n"
            "Mild | 15 g | 270 ml\n"
            "Strong | 18 g | 250 ml\n"
            "\n"
            "ratio = water / coffee\n"
            "  # keep it near 16");
  EXPECT_EQ(metadata_of(r, "title"), "Brewing Guide \xe2\x80\x93 Coffee & Co.");
}

TEST_F(HtmlToText, DropsEveryKindOfBoilerplateAndHiddenContent) {
  const std::string out = clean(read_data("messy_article.html"));
  for (const char* absent : {"dataLayer", "font-family", "Home", "Shop", "cookies", "Accept", "Subscribe",
                             "tracking", "JavaScript", "Related posts", "Espresso", "\xe2\x98\x85", "Secret",
                             "grinder", "Sign up", "Email", "icon", "rights reserved", "Privacy", "not text"})
    EXPECT_EQ(out.find(absent), std::string::npos) << "'" << absent << "' should have been dropped:\n" << out;
}

TEST_F(HtmlToText, PlainHeadingsAndLinkUrlsOnRequest) {
  const std::string out = clean(read_data("messy_article.html"), {{"markdown_headings", "false"}, {"keep_link_urls", "true"}});
  EXPECT_EQ(out.rfind("How to brew great pour-over coffee\n\n", 0), 0u) << out;
  EXPECT_NE(out.find("\nEquipment\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Read the bean buying guide (https://example.com/beans) first."), std::string::npos) << out;
}

TEST_F(HtmlToText, LinksWithoutAUsefulTargetStayText) {
  const std::string html = R"html(<p><a href="#top">Top</a> <a href="javascript:void(0)">Menu</a> )html"
                           R"html(<a href="https://a.example/">https://a.example/</a></p>)html";
  EXPECT_EQ(clean(html, {{"keep_link_urls", "true"}}), "Top Menu https://a.example/");
}

TEST_F(HtmlToText, MainElementWinsAndKeepsItsArticleHeaderAndFooter) {
  EXPECT_EQ(clean(read_data("blog_with_main.html")),
            "# Spring release notes\n\nBy Ana, 3 March\n\nVersion 2 ships today.\n\nFiled under: releases");
}

TEST_F(HtmlToText, WithoutMainEveryTopLevelArticleIsRendered) {
  EXPECT_EQ(clean(read_data("two_articles.html")), "## First post\n\nOne.\n\n## Second post\n\nTwo.\n\nNested comment");
}

TEST_F(HtmlToText, PreferMainOffRendersTheWholeBody) {
  const std::string out = clean(read_data("two_articles.html"), {{"prefer_main", "false"}});
  EXPECT_NE(out.find("Menu: Home | About"), std::string::npos) << out;
  EXPECT_NE(out.find("Advertisement"), std::string::npos) << out;
}

TEST_F(HtmlToText, OrderedListsHonourStartAndIndentContinuationLines) {
  EXPECT_EQ(clean("<ol start=\"7\"><li>seven<p>more about seven</p></li><li>eight</li></ol>"),
            "7. seven\n\n   more about seven\n\n8. eight");
}

TEST_F(HtmlToText, LineBreaksAndBlankLinesAreBounded) {
  EXPECT_EQ(clean("a<br>b<br><br><br><br>c"), "a\nb\n\nc");
  EXPECT_EQ(clean("<div>x</div><div></div><div>y</div>"), "x\ny");
}

TEST_F(HtmlToText, TableCellsStayInTheirColumns) {
  EXPECT_EQ(clean("<table><tr><td>a</td><td></td><td>c<br>d</td></tr><tr><td></td><td></td></tr></table>"),
            "a | | c d");
}

TEST_F(HtmlToText, NoTitleMeansNoTitleMetadata) {
  const CallResult r = run("<p>Just text</p>");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(metadata_of(r, "title"), "(none)");
  EXPECT_EQ(r.result(), "Just text");
}

TEST_F(HtmlToText, DeeplyNestedMarkupDoesNotExhaustTheStack) {
  // Deeper than the renderer's structured limit (200): the rest is rendered as flat text.
  std::string html;
  for (int i = 0; i < 450; ++i) html += "<div><span>"; // 900 deep: under the pre-scan's limit
  html += "deep<p>er</p>";
  EXPECT_EQ(clean(html), "deep er");
}

TEST_F(HtmlToText, BrokenMarkupStillYieldsText) {
  EXPECT_EQ(clean("<p>unclosed <b>bold <i>both</p><p>next"), "unclosed bold both\n\nnext");
  EXPECT_EQ(clean(""), "");
}

TEST_F(HtmlToText, ReadmeExample) {
  const CallResult r = run(
      "<head><title>Brewing Guide &ndash; Coffee &amp; Co.</title><script>track()</script></head>\n"
      "<body><nav>Home \xc2\xb7 Shop</nav>\n"
      "  <h1>How to brew <em>great</em> coffee</h1>\n"
      "  <p>Hot water, fresh grounds and patience.<br>Then weigh everything.</p>\n"
      "  <ul><li>A dripper<ul><li>ceramic</li></ul></li><li>Filters</li></ul>\n"
      "  <table><tr><th>Strength</th><th>Coffee</th></tr><tr><td>Mild</td><td>15 g</td></tr></table>\n"
      "  <div style=\"display:none\">Buy our grinder!</div>\n"
      "<footer>&copy; 2026</footer></body>");
  EXPECT_EQ(r.result(),
            "# How to brew great coffee\n\nHot water, fresh grounds and patience.\nThen weigh everything.\n\n"
            "- A dripper\n  - ceramic\n- Filters\n\nStrength | Coffee\nMild | 15 g");
  EXPECT_EQ(metadata_of(r, "title"), "Brewing Guide \xe2\x80\x93 Coffee & Co.");
}

TEST_F(HtmlToText, PermalinkAnchorsAfterHeadingsAreDropped) {
  EXPECT_EQ(clean("<h2>json<a class=\"headerlink\" href=\"#json\" title=\"Link\">\xc2\xb6</a></h2>"
                 "<p>See <a href=\"#top\">#</a> and <a href=\"/x\">\xc2\xb6</a></p>"),
            "## json\n\nSee and \xc2\xb6");
}

TEST_F(HtmlToText, PathologicalNestingIsRefusedBeforeParsing) {
  std::string html = "<p>intro</p>";
  for (int i = 0; i < 20000; ++i) html += "<div>";
  const CallResult r = run(html);
  EXPECT_EQ(r.status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_NE(r.error.find("nests more than 1000 elements"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("at byte offset 5012"), std::string::npos) << r.error; // the 1001st <div>
  EXPECT_TRUE(r.of(AH_EVENT_RESULT).empty());
}

TEST_F(HtmlToText, ManyUnclosedOptionalEndTagsAndScriptsAreNotNesting) {
  // Thousands of <p>/<li>/<td> without end tags, void elements and "<" inside scripts are flat.
  std::string html = "<script>for (i=0;i<n;i++) { if (a<b) x = '<div><div>'; }</script><ul>";
  for (int i = 0; i < 3000; ++i) html += "<li>item<br><img src=x><p>para<td>cell<input><span/>";
  const CallResult r = run(html);
  EXPECT_TRUE(r.ok()) << r.error;
}

} // namespace
