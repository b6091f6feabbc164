// normalize_whitespace through the SDK's FakeHost, loaded from the built .so as the host loads it.
#include "agenthost/testing/cleaning.hpp"

#include <gtest/gtest.h>

#include <string>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built normalize_whitespace plugin"
#endif

namespace {

using agenthost::testing::CleaningStepTest;

class NormalizeWhitespace : public CleaningStepTest {
protected:
  NormalizeWhitespace() : CleaningStepTest(PLUGIN_PATH, "normalize_whitespace", DATA_DIR) {}
};

TEST_F(NormalizeWhitespace, DeclaresAThreadSafeCleaningStep) {
  expect_thread_safe_cleaning_step();
}

TEST_F(NormalizeWhitespace, CleansAMessyMultiPageReport) {
  const std::string cleaned = clean(read_data("report_crlf.txt"));
  EXPECT_EQ(cleaned,
            "Quarterly report 2026\n"
            "\n"
            "Revenue grew by 4% year on year.\n"
            "Costs fell."
            "\f"
            "Second page title\n"
            "\n"
            "Indented line"
            "\f"
            "\f"
            "Last page");
}

TEST_F(NormalizeWhitespace, KeepsEveryPageSeparatorEvenAroundEmptyPages) {
  EXPECT_EQ(clean("\f \n\f\n"), "\f\f");
  EXPECT_EQ(clean("a\fb\fc"), "a\fb\fc");
}

TEST_F(NormalizeWhitespace, NoBreakSpacesStayWhenTheSettingIsOff) {
  EXPECT_EQ(clean("10\xc2\xa0" "000  km", {{"nbsp_to_space", "false"}}), "10\xc2\xa0" "000 km");
  EXPECT_EQ(clean("10\xc2\xa0" "000  km"), "10 000 km");
}

TEST_F(NormalizeWhitespace, LeavesOtherMultiByteCharactersIntact) {
  // Lead bytes shared with the space separators (0xC2, 0xE2) must not be mistaken for them.
  EXPECT_EQ(clean("\xc2\xa9 2026 \xe2\x80\x94 caf\xc3\xa9 \xe2\x80\x8b!"), "\xc2\xa9 2026 \xe2\x80\x94 caf\xc3\xa9 \xe2\x80\x8b!");
}

TEST_F(NormalizeWhitespace, IsIdempotent) {
  const std::string once = clean(read_data("report_crlf.txt"));
  EXPECT_EQ(clean(once), once);
}

TEST_F(NormalizeWhitespace, UnknownSettingIsRejected) {
  EXPECT_THROW(host.create("normalize_whitespace", {{"collapse", "true"}}), std::runtime_error);
}

TEST_F(NormalizeWhitespace, ReadmeExample) {
  EXPECT_EQ(clean("Quarterly   report\t2026  \r\n\r\n\r\n   Revenue grew by\xc2\xa0\xc2\xa0" "4%.\r\n\fSecond  page\n\n"),
            "Quarterly report 2026\n\nRevenue grew by 4%.\fSecond page");
}

} // namespace
