// normalize_unicode through the SDK's FakeHost, loaded from the built .so as the host loads it.
#include "agenthost/testing/cleaning.hpp"

#include <gtest/gtest.h>

#include <string>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built normalize_unicode plugin"
#endif

namespace {

using agenthost::testing::CallResult;
using agenthost::testing::CleaningStepTest;
using agenthost::testing::metadata_of;

class NormalizeUnicode : public CleaningStepTest {
protected:
  NormalizeUnicode() : CleaningStepTest(PLUGIN_PATH, "normalize_unicode", DATA_DIR) {}
};

TEST_F(NormalizeUnicode, DeclaresAThreadSafeCleaningStep) {
  expect_thread_safe_cleaning_step();
}

TEST_F(NormalizeUnicode, CleansAMisEncodedDocumentWithInvisibleCharacters) {
  const CallResult r = run(read_data("mixed_encoding.txt"));
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result(),
            "Caf\xc3\xa9 menu \xe2\x80\x94 cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e\n"
            "Price: 5\xe2\x82\xac\n"
            "Zerowidth joiners and international\n"
            "\tTabbed\f"
            "Second page: Se\xef\xbf\xbdor Mu\xef\xbf\xbdoz paid \xef\xbf\xbd" "5 for a cr\xef\xbf\xbdme\n"
            "Old NEL\xef\xbf\xbd");
  // ñ twice, £, è (Latin-1 bytes) and the truncated euro sign at the end.
  EXPECT_EQ(metadata_of(r, "invalid_utf8_replaced"), "5");
  // NUL, BEL, BOM, ZWSP, ZWNJ, five soft hyphens, ESC, NEL.
  EXPECT_EQ(metadata_of(r, "removed_characters"), "12");
}

TEST_F(NormalizeUnicode, ComposesCombiningSequences) {
  EXPECT_EQ(clean("e\xcc\x81"), "\xc3\xa9");                      // e + U+0301 -> é
  EXPECT_EQ(clean("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab"), "\xed\x95\x9c"); // Hangul jamo -> 한
  EXPECT_EQ(clean("e\xe2\x80\x8b\xcc\x81"), "\xc3\xa9");          // a zero-width space no longer blocks it
  EXPECT_EQ(clean("\xe2\x84\xab"), "\xc3\x85");                   // ANGSTROM SIGN -> Å (canonical)
  EXPECT_EQ(clean("\xef\xac\x81"), "\xef\xac\x81");               // ligature fi: compatibility only, kept
}

TEST_F(NormalizeUnicode, KeepsLineBreaksTabsAndPageSeparators) {
  EXPECT_EQ(clean("a\r\nb\rc\td\fe\n"), "a\nb\nc\td\fe\n");
}

TEST_F(NormalizeUnicode, ReplacesEachMaximalInvalidSubpartOnce) {
  // Overlong "/" (two subparts), a lone continuation byte, a surrogate (three subparts).
  const CallResult r = run("<\xc0\xaf|\x80|\xed\xa0\x80>");
  ASSERT_TRUE(r.ok()) << r.error;
  const std::string fffd = "\xef\xbf\xbd";
  EXPECT_EQ(r.result(), "<" + fffd + fffd + "|" + fffd + "|" + fffd + fffd + fffd + ">");
  EXPECT_EQ(metadata_of(r, "invalid_utf8_replaced"), "6");
}

TEST_F(NormalizeUnicode, RejectNamesTheByteOffsetOfTheFirstBadByte) {
  const CallResult r = run("caf\xc3\xa9 ok, then \xe9t\xe9", {{"on_invalid", "reject"}});
  EXPECT_EQ(r.status, AH_ERR_INVALID_ARGUMENT);
  EXPECT_NE(r.error.find("invalid UTF-8 at byte offset 15 (byte 0xE9)"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("on_invalid = repair"), std::string::npos) << r.error;
  EXPECT_TRUE(r.of(AH_EVENT_RESULT).empty());
}

TEST_F(NormalizeUnicode, RejectAcceptsValidText) {
  const CallResult r = run("na\xc3\xafve", {{"on_invalid", "reject"}});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.result(), "na\xc3\xafve");
  EXPECT_EQ(metadata_of(r, "invalid_utf8_replaced"), "0");
  EXPECT_EQ(metadata_of(r, "removed_characters"), "0");
}

TEST_F(NormalizeUnicode, UnknownOnInvalidValueIsRejectedAtCreate) {
  EXPECT_THROW(host.create("normalize_unicode", {{"on_invalid", "drop"}}), std::runtime_error);
}

TEST_F(NormalizeUnicode, LongTextIsNormalizedLineByLine) {
  // Many lines, each normalized on its own; every combining sequence composes.
  std::string text, expected;
  for (int i = 0; i < 20000; ++i) {
    text += "line " + std::to_string(i) + " cafe\xcc\x81\n";
    expected += "line " + std::to_string(i) + " caf\xc3\xa9\n";
  }
  EXPECT_EQ(clean(text), expected);
}

TEST_F(NormalizeUnicode, IsIdempotent) {
  const std::string once = clean(read_data("mixed_encoding.txt"));
  EXPECT_EQ(clean(once), once);
}

TEST_F(NormalizeUnicode, ReadmeExample) {
  const CallResult r = run("Cafe\xcc\x81\xe2\x80\x8b menu\r\nSe\xf1or\xc2\xad");
  EXPECT_EQ(r.result(), "Caf\xc3\xa9 menu\nSe\xef\xbf\xbdor");
  EXPECT_EQ(metadata_of(r, "invalid_utf8_replaced"), "1");
  EXPECT_EQ(metadata_of(r, "removed_characters"), "2");
}

} // namespace
