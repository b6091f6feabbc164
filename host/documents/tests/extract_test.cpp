#include "documents/content_type.hpp"
#include "documents/extract.hpp"
#include "documents/ingest_failure.hpp"
#include "documents/tests/test_files.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

namespace agenthost::documents {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The bytes as the store hands them out: in pieces.
ByteSource pieces_of(const std::string& bytes, std::size_t piece = 1000) {
  return [bytes, piece](const std::function<void(std::string_view)>& each) {
    for (std::size_t at = 0; at < bytes.size(); at += piece) each(std::string_view(bytes).substr(at, piece));
  };
}

std::string failure_of(std::string_view content_type, const std::string& bytes) {
  try {
    extract_text(content_type, pieces_of(bytes));
  } catch (const IngestFailure& failure) {
    return failure.what();
  }
  return "";
}

TEST(ExtractTest, PlainTextAndMarkdownComeOutAsOnePageWithoutBomOrFormFeeds) {
  const ExtractedText text = extract_text(kMarkdown, pieces_of("\xEF\xBB\xBF# Title\n\nBody\fmore", 3));
  EXPECT_EQ(text.text, "# Title\n\nBody\nmore");
  EXPECT_EQ(text.pages, 1);
}

TEST(ExtractTest, HtmlIsReturnedRawForTheCleaningSteps) {
  EXPECT_EQ(extract_text(kHtml, pieces_of("<p>Hi &amp; bye</p>")).text, "<p>Hi &amp; bye</p>");
}

TEST(ExtractTest, AMultiPagePdfGivesOneFormFeedSeparatedPagePerPdfPage) {
  std::vector<std::vector<std::string>> pages;
  for (int p = 1; p <= 3; ++p) {
    pages.push_back({"ACME Corp - Annual Report", "Section " + std::to_string(p) + " discusses widgets (and gadgets).",
                     "Page " + std::to_string(p) + " of 3"});
  }
  const ExtractedText text = extract_text(kPdf, pieces_of(testing::make_pdf(pages), 64));
  EXPECT_EQ(text.pages, 3);
  EXPECT_EQ(std::count(text.text.begin(), text.text.end(), '\f'), 2);
  EXPECT_THAT(text.text, HasSubstr("Section 2 discusses widgets (and gadgets)."));
  const std::size_t second_page = text.text.find('\f');
  EXPECT_THAT(text.text.substr(second_page), HasSubstr("Page 2 of 3"));
  EXPECT_THAT(text.text.substr(0, second_page), Not(HasSubstr("Page 2 of 3")));
}

TEST(ExtractTest, CorruptTruncatedOrEncryptedPdfsFailWithAClearReason) {
  EXPECT_THAT(failure_of(kPdf, "%PDF-1.4\nthis is not really a pdf"), HasSubstr("could not be read"));
  const std::string whole = testing::make_pdf({{"hello"}});
  EXPECT_THAT(failure_of(kPdf, whole.substr(0, whole.size() / 3)), HasSubstr("PDF"));
  EXPECT_THAT(failure_of(kPdf, testing::make_encrypted_pdf()), HasSubstr("encrypted"));
}

TEST(ExtractTest, DocxParagraphsHeadingsAndTablesBecomeReadableLines) {
  const std::string docx = testing::make_docx(
      testing::docx_paragraph("Quarterly Review", "Title") + testing::docx_paragraph("Intro text & more.") +
      testing::docx_paragraph("Results", "Heading2") +
      testing::docx_table({{"Region", "Revenue"}, {"North", "1,200"}, {"South", "950"}}) +
      testing::docx_paragraph("Closing words."));
  const ExtractedText text = extract_text(kDocx, pieces_of(docx, 100));
  EXPECT_EQ(text.pages, 1);
  EXPECT_EQ(text.text, "# Quarterly Review\nIntro text & more.\n\n## Results\n"
                       "Region | Revenue\nNorth | 1,200\nSouth | 950\n\nClosing words.\n");
}

TEST(ExtractTest, ABrokenDocxFailsWithAClearReason) {
  EXPECT_THAT(failure_of(kDocx, "PK\x03\x04 not a zip at all"), HasSubstr("the .docx could not be read"));
  const std::string docx = testing::make_docx(testing::docx_paragraph("x"));
  EXPECT_THAT(failure_of(kDocx, docx.substr(0, docx.size() / 2)), HasSubstr("the .docx could not be read"));
}

TEST(ExtractTest, AnUnsupportedTypeIsAPermanentFailure) {
  EXPECT_THAT(failure_of("image/png", "x"), HasSubstr("supported types"));
}

} // namespace
} // namespace agenthost::documents
