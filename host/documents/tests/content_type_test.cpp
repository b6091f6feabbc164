#include "documents/content_type.hpp"

#include <gtest/gtest.h>

namespace agenthost::documents {
namespace {

TEST(ContentTypeTest, DropsParametersCaseAndFoldsAliases) {
  EXPECT_EQ(detect_content_type("text/html; charset=UTF-8", "a.bin"), std::optional<std::string>(kHtml));
  EXPECT_EQ(detect_content_type(" TEXT/Plain ", ""), std::optional<std::string>(kPlainText));
  EXPECT_EQ(detect_content_type("text/x-markdown", "x"), std::optional<std::string>(kMarkdown));
  EXPECT_EQ(detect_content_type("application/xhtml+xml", "x"), std::optional<std::string>(kHtml));
  EXPECT_EQ(detect_content_type(kDocx, "x"), std::optional<std::string>(kDocx));
}

TEST(ContentTypeTest, OctetStreamOrNothingFallsBackToTheExtension) {
  EXPECT_EQ(detect_content_type("application/octet-stream", "Report.PDF"), std::optional<std::string>(kPdf));
  EXPECT_EQ(detect_content_type("", "notes.md"), std::optional<std::string>(kMarkdown));
  EXPECT_EQ(detect_content_type("binary/octet-stream", "letter.docx"), std::optional<std::string>(kDocx));
  EXPECT_EQ(detect_content_type("", "page.htm"), std::optional<std::string>(kHtml));
  EXPECT_FALSE(detect_content_type("application/octet-stream", "image.png"));
  EXPECT_FALSE(detect_content_type("", "no_extension"));
}

TEST(ContentTypeTest, UnsupportedTypesAreRefusedWhateverTheExtension) {
  EXPECT_FALSE(detect_content_type("image/png", "looks.pdf"));
  EXPECT_FALSE(detect_content_type("application/msword", "old.doc"));
  EXPECT_NE(supported_content_types_text().find("application/pdf"), std::string::npos);
}

} // namespace
} // namespace agenthost::documents
