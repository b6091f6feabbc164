// The streaming multipart/form-data reader on client-shaped bodies: what curl and browsers send,
// and the RFC 2046 corner cases that make naive splitters corrupt uploads.
#include "http/multipart_reader.hpp"

#include "common/error.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace agenthost::http {
namespace {

struct ReadPart {
  MultipartPart part;
  std::string content;
};

// Every part, its content read `step` bytes at a time (small steps cross every internal edge).
std::vector<ReadPart> read_all(const std::string& body, const std::string& boundary, std::size_t step = 7) {
  std::istringstream stream(body);
  MultipartReader reader(stream, boundary);
  std::vector<ReadPart> parts;
  while (reader.next_part()) {
    ReadPart read{reader.part(), {}};
    std::vector<char> buffer(step);
    for (std::size_t n; (n = reader.read(buffer.data(), buffer.size())) > 0;) read.content.append(buffer.data(), n);
    parts.push_back(std::move(read));
  }
  return parts;
}

std::string error_of(const std::string& body, const std::string& boundary) {
  try {
    read_all(body, boundary);
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_request) << error.what();
    return error.what();
  }
  ADD_FAILURE() << "expected the body to be refused";
  return {};
}

TEST(FormDataBoundary, ReadsQuotedAndBareBoundaries) {
  EXPECT_EQ(form_data_boundary("multipart/form-data; boundary=abc123"), "abc123");
  EXPECT_EQ(form_data_boundary("Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b:c\""), "a b:c");
  EXPECT_EQ(form_data_boundary("text/plain"), std::nullopt);
  EXPECT_EQ(form_data_boundary(""), std::nullopt);
  EXPECT_THROW(form_data_boundary("multipart/form-data"), Error);
  EXPECT_THROW(form_data_boundary("multipart/form-data; boundary=" + std::string(71, 'x')), Error);
}

TEST(MultipartReader, ReadsWhatCurlSends) {
  const std::string body = "--------------------------d74496d66958873e\r\n"
                           "Content-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
                           "Content-Type: text/plain\r\n"
                           "\r\n"
                           "line one\r\nline two\r\n"
                           "\r\n--------------------------d74496d66958873e--\r\n";
  const auto parts = read_all(body, "------------------------d74496d66958873e");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].part.name, "file");
  EXPECT_EQ(parts[0].part.filename, "notes.txt");
  EXPECT_EQ(parts[0].part.content_type, "text/plain");
  EXPECT_EQ(parts[0].content, "line one\r\nline two\r\n") << "the CRLF before the delimiter is the delimiter's";
}

TEST(MultipartReader, SkipsPreambleAndEpilogueAndAllowsTransportPadding) {
  const std::string body = "This is the preamble.\r\nIt is ignored.\r\n"
                           "--XyZ  \t\r\n"
                           "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
                           "Report\r\n"
                           "--XyZ\r\n"
                           "content-disposition: form-data; name=file; filename=\"q1; \\\"final\\\" report.md\"\r\n"
                           "\r\n"
                           "# Q1\r\n"
                           "--XyZ--\r\n"
                           "This is the epilogue.\r\n--XyZ\r\nnot a part\r\n";
  const auto parts = read_all(body, "XyZ");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].part.name, "title");
  EXPECT_EQ(parts[0].part.filename, std::nullopt);
  EXPECT_EQ(parts[0].content, "Report");
  EXPECT_EQ(parts[1].part.name, "file");
  EXPECT_EQ(parts[1].part.filename, "q1; \"final\" report.md") << "quotes protect ';' and escape '\"'";
  EXPECT_EQ(parts[1].part.content_type, "");
  EXPECT_EQ(parts[1].content, "# Q1");
}

TEST(MultipartReader, BoundaryLookalikesStayContent) {
  // Only CRLF "--boundary" at the start of a line delimits: a bare LF before it, or the text in
  // the middle of a line, is content.
  const std::string content = "a\n--B1\nb --B1 c\r\n-B1\r\n--B\r\nend";
  const std::string body = "--B1\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.txt\"\r\n\r\n" + content +
                           "\r\n--B1--";
  for (std::size_t step : {1u, 2u, 5u, 64u, 4096u}) {
    const auto parts = read_all(body, "B1", step);
    ASSERT_EQ(parts.size(), 1u) << "step " << step;
    EXPECT_EQ(parts[0].content, content) << "step " << step;
  }
}

TEST(MultipartReader, KeepsBinaryContentAndLargePartsIntact) {
  std::string content;
  for (int i = 0; i < 300000; ++i) content += static_cast<char>((i * 131) % 256);
  const std::string body = "--bin\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
                           "Content-Type: application/pdf\r\n\r\n" +
                           content + "\r\n--bin--\r\n";
  const auto parts = read_all(body, "bin", 65536);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_TRUE(parts[0].content == content) << "sizes " << parts[0].content.size() << " vs " << content.size();
}

TEST(MultipartReader, DecodesExtendedFilenamesAndDropsClientPaths) {
  const std::string body = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fallback.txt\"; "
                           "filename*=UTF-8''na%C3%AFve%20plan.txt\r\n\r\nx\r\n"
                           "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"C:\\Users\\me\\notes.txt\"\r\n"
                           "\r\ny\r\n--b--";
  const auto parts = read_all(body, "b");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].part.filename, "na\xC3\xAFve plan.txt");
  EXPECT_EQ(parts[1].part.filename, "notes.txt");
}

TEST(MultipartReader, UnreadPartsAreSkipped) {
  const std::string body = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nskip me\r\n"
                           "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.txt\"\r\n\r\nkeep\r\n--b--";
  std::istringstream stream(body);
  MultipartReader reader(stream, "b");
  ASSERT_TRUE(reader.next_part());
  EXPECT_EQ(reader.part().name, "a");
  ASSERT_TRUE(reader.next_part()); // without reading "skip me"
  EXPECT_EQ(reader.part().name, "file");
  char buffer[16];
  const std::size_t n = reader.read(buffer, sizeof buffer);
  EXPECT_EQ(std::string(buffer, n), "keep");
  EXPECT_EQ(reader.read(buffer, sizeof buffer), 0u);
  EXPECT_FALSE(reader.next_part());
}

TEST(MultipartReader, MalformedBodiesAreRefusedWithTheReason) {
  const std::string part = "Content-Disposition: form-data; name=\"file\"; filename=\"f.txt\"\r\n\r\ndata";
  EXPECT_NE(error_of("no delimiter at all", "b").find("has no boundary line '--b'"), std::string::npos);
  EXPECT_NE(error_of("--b\r\n" + part, "b").find("ended before its closing boundary"), std::string::npos);
  EXPECT_NE(error_of("--b\r\n" + part + "\r\n--b\r\n", "b").find("ended inside a part's headers"), std::string::npos);
  EXPECT_NE(error_of("--b\n" + part + "\r\n--b--", "b").find("does not end with CRLF"), std::string::npos)
      << "a bare LF after the boundary is not a boundary line";
  EXPECT_NE(error_of("--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--", "b").find("without a Content-Disposition"),
            std::string::npos);
  EXPECT_NE(error_of("--b\r\nContent-Disposition: attachment\r\n\r\nx\r\n--b--", "b").find("not form-data"),
            std::string::npos);
  EXPECT_NE(error_of("--b\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\nx\r\n--b--", "b").find("16 KiB"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(70000, 'p') + "\r\n--b\r\n" + part + "\r\n--b--", "b").find("64 KiB"),
            std::string::npos);
}

} // namespace
} // namespace agenthost::http
