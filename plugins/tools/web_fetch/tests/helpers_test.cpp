// web_fetch's pure helpers: Content-Type parsing and classification, sniffing, charset
// conversion and the token-budget cut.
#include "content_kind.hpp"
#include "text_budget.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace {

using web_fetch::ContentKind;

TEST(MediaType, ParsesTypeAndCharsetCaseInsensitively) {
  const web_fetch::MediaType m = web_fetch::parse_media_type(" Text/HTML ; foo=bar; Charset=\"ISO-8859-1\" ");
  EXPECT_EQ(m.type, "text/html");
  EXPECT_EQ(m.charset, "iso-8859-1");
  EXPECT_EQ(web_fetch::parse_media_type("application/json").charset, "");
  EXPECT_EQ(web_fetch::parse_media_type("").type, "");
}

TEST(MediaType, ClassifiesWhatTheToolReads) {
  EXPECT_EQ(web_fetch::kind_of("text/html"), ContentKind::html);
  EXPECT_EQ(web_fetch::kind_of("application/xhtml+xml"), ContentKind::html);
  for (const char* text : {"text/plain", "text/markdown", "text/csv", "application/json", "application/xml",
                           "application/ld+json", "application/rss+xml"})
    EXPECT_EQ(web_fetch::kind_of(text), ContentKind::text) << text;
  for (const char* refused : {"application/pdf", "image/png", "application/octet-stream", "video/mp4", "application/zip"})
    EXPECT_EQ(web_fetch::kind_of(refused), ContentKind::refused) << refused;
  EXPECT_EQ(web_fetch::kind_of(""), ContentKind::unknown);
}

TEST(Sniff, RecognisesHtmlTextAndBinary) {
  EXPECT_EQ(web_fetch::sniff("\xEF\xBB\xBF  <!DOCTYPE HTML><p>"), ContentKind::html);
  EXPECT_EQ(web_fetch::sniff("<html lang=en>"), ContentKind::html);
  EXPECT_EQ(web_fetch::sniff("plain caf\xC3\xA9"), ContentKind::text);
  EXPECT_EQ(web_fetch::sniff("caf\xE9"), ContentKind::refused); // not UTF-8
  EXPECT_EQ(web_fetch::sniff(std::string("a\0b", 3)), ContentKind::refused);
}

TEST(MetaCharset, FindsBothSpellings) {
  EXPECT_EQ(web_fetch::meta_charset("<head><META CHARSET='Windows-1252'>"), "windows-1252");
  EXPECT_EQ(web_fetch::meta_charset(R"(<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">)"),
            "iso-8859-1");
  EXPECT_EQ(web_fetch::meta_charset("<meta name=viewport content=width>"), "");
  EXPECT_EQ(web_fetch::meta_charset(std::string(2000, ' ') + "<meta charset=latin1>"), ""); // past 1024 bytes
}

TEST(ToUtf8, ConvertsLatin1AndWindows1252) {
  EXPECT_EQ(web_fetch::to_utf8("caf\xE9", "iso-8859-1"), "caf\xC3\xA9");
  EXPECT_EQ(web_fetch::to_utf8("\x80\x93\x9F\xA0", "windows-1252"), "\xE2\x82\xAC\xE2\x80\x9C\xC5\xB8\xC2\xA0");
  EXPECT_EQ(web_fetch::to_utf8("\x81", "cp1252"), "\xC2\x81"); // unassigned: the C1 control
}

TEST(ToUtf8, KeepsUtf8AndOtherCharsetsAndDropsTheBom) {
  EXPECT_EQ(web_fetch::to_utf8("caf\xC3\xA9", "iso-8859-1"), "caf\xC3\xA9"); // mislabelled UTF-8
  EXPECT_EQ(web_fetch::to_utf8("\xEF\xBB\xBFhi", ""), "hi");
  EXPECT_EQ(web_fetch::to_utf8("\x82\xA0", "shift_jis"), "\x82\xA0");
}

TEST(DropPartialUtf8Tail, DropsOnlyAnIncompleteLastCharacter) {
  const auto dropped = [](std::string s) {
    web_fetch::drop_partial_utf8_tail(s);
    return s;
  };
  EXPECT_EQ(dropped("ab\xC3"), "ab");
  EXPECT_EQ(dropped("ab\xE2\x82"), "ab");
  EXPECT_EQ(dropped("ab\xF0\x9F\x98"), "ab");
  EXPECT_EQ(dropped("ab\xC3\xA9"), "ab\xC3\xA9");
  EXPECT_EQ(dropped("ab\xF0\x9F\x98\x80"), "ab\xF0\x9F\x98\x80");
  EXPECT_EQ(dropped("abc"), "abc");
  EXPECT_EQ(dropped(""), "");
}

int64_t bytes(std::string_view text) { return static_cast<int64_t>(text.size()); }

TEST(FitToBudget, LeavesTextThatFitsAlone) {
  const web_fetch::BudgetedText r = web_fetch::fit_to_budget("short", 5, bytes);
  EXPECT_EQ(r.text, "short");
  EXPECT_FALSE(r.truncated);
}

// Within the last fifth of the longest fitting prefix (here bytes 24..30), the strongest break wins.
TEST(FitToBudget, PrefersAParagraphThenALineThenASentenceNearTheCut) {
  const std::string x25(25, 'x'), z20(20, 'z');
  EXPECT_EQ(web_fetch::fit_to_budget(x25 + "\n\nY. " + z20, 30, bytes).text, x25);
  EXPECT_EQ(web_fetch::fit_to_budget(x25 + "\nY. " + z20, 30, bytes).text, x25);
  EXPECT_EQ(web_fetch::fit_to_budget(std::string(24, 'x') + ". " + z20, 30, bytes).text, std::string(24, 'x') + ".");
  // A break earlier than that would throw away too much: the cut stays where the budget ends.
  EXPECT_EQ(web_fetch::fit_to_budget("Short.\n\n" + z20 + z20, 30, bytes).text, "Short.\n\n" + std::string(22, 'z'));
}

TEST(FitToBudget, CutsMidWordWhenNoBreakIsNearAndNeverInsideACharacter) {
  const web_fetch::BudgetedText r = web_fetch::fit_to_budget("abcdefghijklmnopqrstuvwxyz", 10, bytes);
  EXPECT_EQ(r.text, "abcdefghij");
  EXPECT_TRUE(r.truncated);
  // Each "é" is two bytes: a budget of 5 bytes fits two of them, never half of the third.
  EXPECT_EQ(web_fetch::fit_to_budget("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 5, bytes).text, "\xC3\xA9\xC3\xA9");
}

TEST(FitToBudget, CountsOnlyLogarithmicallyOften) {
  int calls = 0;
  const std::string text(1 << 20, 'x');
  const auto counting = [&](std::string_view piece) {
    ++calls;
    return static_cast<int64_t>(piece.size() / 4);
  };
  const web_fetch::BudgetedText r = web_fetch::fit_to_budget(text, 1000, counting);
  EXPECT_EQ(r.text.size(), 4003u); // the longest prefix whose size / 4 is <= 1000
  EXPECT_LE(calls, 23);            // one whole-text count plus at most log2(1 MiB) + 2 probes
}

// Over generated texts of 1- to 4-byte characters, blanks and breaks, and every budget: the cut is
// a prefix, valid UTF-8 (never half a character), within the budget, and marked truncated exactly
// when the whole text was over it.
TEST(FitToBudget, AlwaysCutsAValidPrefixWithinTheBudget) {
  const std::vector<std::string> pieces = {"a", "b ", ". ", "\n", "\n\n", "\xC3\xA9", "\xE2\x82\xAC",
                                           "\xE3\x80\x82", "\xF0\x9F\x98\x80", "  ", "\t"};
  std::mt19937 random(8);
  const auto bytes = [](std::string_view piece) { return static_cast<int64_t>(piece.size()); };
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    for (unsigned i = 0, n = random() % 40; i < n; ++i) text += pieces[random() % pieces.size()];
    const int64_t budget = static_cast<int64_t>(random() % (text.size() + 2));
    const web_fetch::BudgetedText cut = web_fetch::fit_to_budget(text, budget, bytes);
    ASSERT_EQ(text.compare(0, cut.text.size(), cut.text), 0) << text;
    ASSERT_TRUE(web_fetch::is_valid_utf8(cut.text)) << text << " / " << budget;
    ASSERT_LE(bytes(cut.text), budget) << text;
    ASSERT_EQ(cut.truncated, bytes(text) > budget) << text;
  }
}

} // namespace
