// dedupe_lines through the SDK's FakeHost, loaded from the built .so as the host loads it.
#include "agenthost/testing/cleaning.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built dedupe_lines plugin"
#endif

namespace {

using agenthost::testing::CallResult;
using agenthost::testing::CleaningStepTest;
using agenthost::testing::metadata_of;

class DedupeLines : public CleaningStepTest {
protected:
  DedupeLines()
      : CleaningStepTest(PLUGIN_PATH, "dedupe_lines", DATA_DIR, R"({"content_type":"application/pdf","filename":"report.pdf","pages":4})") {}
};

TEST_F(DedupeLines, DeclaresAThreadSafeCleaningStep) {
  expect_thread_safe_cleaning_step();
}

TEST_F(DedupeLines, RemovesRunningHeadersFootersAndPageNumbers) {
  const CallResult r = run_ok(read_data("annual_report_4_pages.txt"));
  const std::string out = r.result();
  // Header (spacing differs on page 4), "CONFIDENTIAL"/"Confidential", the site and "Page N of 4":
  // four lines on each of the four pages.
  EXPECT_EQ(metadata_of(r, "removed_lines"), "16");
  EXPECT_EQ(out.find("Annual Report"), std::string::npos) << out;
  EXPECT_EQ(out.find("www.acme.example"), std::string::npos) << out;
  EXPECT_EQ(out.find("Page 2 of 4"), std::string::npos) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\f'), 3) << "page separators must survive";
  // Each page now starts with its section title and ends with its last sentence.
  EXPECT_EQ(out.substr(0, out.find('\n')), "1. Overview");
  EXPECT_NE(out.find("unaudited.\f2. Finance\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Customers in 12 countries.\f4. Outlook"), std::string::npos) << out;
  EXPECT_EQ(out.substr(out.size() - 41), "Thank you to every customer and employee.") << out;
}

TEST_F(DedupeLines, KeepsRepeatedWordsInsideThePageBody) {
  const std::string out = run_ok(read_data("annual_report_4_pages.txt")).result();
  EXPECT_NE(out.find("The section marked CONFIDENTIAL below is for the board only.\nCONFIDENTIAL\nDebt"),
            std::string::npos) << out;
  // Lines with numbers that merely look alike elsewhere are body text, not edges.
  EXPECT_NE(out.find("Cash at year end: 3.1 million euros."), std::string::npos) << out;
}

TEST_F(DedupeLines, FewerPagesThanMinPagesAreLeftAlone) {
  const std::string text = "Header\nbody one\nPage 1\fHeader\nbody two\nPage 2";
  const CallResult r = run_ok(text);
  EXPECT_EQ(r.result(), text);
  EXPECT_EQ(metadata_of(r, "removed_lines"), "0");
  EXPECT_EQ(run_ok(text, {{"min_pages", "2"}}).result(), "body one\fbody two");
}

TEST_F(DedupeLines, ALineOnTooFewPagesStays) {
  // "Draft" heads 2 of 6 pages: below half. "Report" heads all six.
  std::string text;
  for (int page = 1; page <= 6; ++page) {
    if (page > 1) text += "\f";
    text += "Report\n";
    if (page <= 2) text += "Draft\n";
    text += "content " + std::string(1, static_cast<char>('a' + page)) + "\nmore text\nand more\nlast words";
  }
  const std::string out = run_ok(text).result();
  EXPECT_EQ(std::count(out.begin(), out.end(), '\f'), 5);
  EXPECT_EQ(out.find("Report"), std::string::npos) << out;
  EXPECT_EQ(out.rfind("Draft\ncontent b", 0), 0u) << out;
  // 0.3 x 6 pages = 2 pages, and min_pages must allow 2 as well.
  EXPECT_NE(run_ok(text, {{"min_fraction", "0.3"}}).result().find("Draft"), std::string::npos);
  EXPECT_EQ(run_ok(text, {{"min_fraction", "0.3"}, {"min_pages", "2"}}).result().find("Draft"), std::string::npos);
}

TEST_F(DedupeLines, EdgeLinesLimitsHowDeepTheSearchGoes) {
  // The repeated line is the third non-blank line of each page: found with the default (3), not with 2.
  std::string text;
  for (int page = 1; page <= 4; ++page) {
    if (page > 1) text += "\f";
    text += "Title " + std::string(1, static_cast<char>('A' + page)) + "\nintro " +
            std::string(1, static_cast<char>('k' + page)) + "\nSection banner\nbody\nbody two\nbody three\nend " +
            std::string(1, static_cast<char>('p' + page));
  }
  EXPECT_EQ(run_ok(text).result().find("Section banner"), std::string::npos);
  EXPECT_NE(run_ok(text, {{"edge_lines", "2"}}).result().find("Section banner"), std::string::npos);
}

TEST_F(DedupeLines, InvalidSettingsAreRejectedAtCreate) {
  EXPECT_THROW(host.create("dedupe_lines", {{"min_fraction", "0"}}), std::runtime_error);
  EXPECT_THROW(host.create("dedupe_lines", {{"min_pages", "1"}}), std::runtime_error);
  EXPECT_THROW(host.create("dedupe_lines", {{"edge_lines", "many"}}), std::runtime_error);
}

TEST_F(DedupeLines, IsIdempotentOnTheReport) {
  const std::string once = run_ok(read_data("annual_report_4_pages.txt")).result();
  const CallResult twice = run_ok(once);
  EXPECT_EQ(twice.result(), once);
  EXPECT_EQ(metadata_of(twice, "removed_lines"), "0");
}

} // namespace
