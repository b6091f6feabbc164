// normalize_whitespace through the SDK's FakeHost, loaded from the built .so as the host loads it.
#include "agenthost/testing.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built normalize_whitespace plugin"
#endif

namespace {

using agenthost::testing::FakeHost;

std::string read_data(const std::string& name) {
  std::ifstream in(std::string(DATA_DIR) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in) << "missing test data " << name;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class NormalizeWhitespace : public ::testing::Test {
protected:
  void SetUp() override { host.load(PLUGIN_PATH); }
  std::string clean(const std::string& text, std::vector<std::pair<std::string, std::string>> settings = {}) {
    auto step = host.create("normalize_whitespace", settings);
    const auto r = step.clean(text);
    EXPECT_TRUE(r.ok()) << r.error;
    return r.result();
  }
  FakeHost host;
};

TEST_F(NormalizeWhitespace, DeclaresAThreadSafeCleaningStep) {
  const ah_component& c = host.component("normalize_whitespace");
  EXPECT_EQ(c.kind, AH_KIND_CLEANING);
  EXPECT_NE(c.flags & AH_COMPONENT_THREAD_SAFE, 0u);
  EXPECT_TRUE(agenthost::settings::check_schema(agenthost::json::parse(c.settings_schema)).empty());
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
