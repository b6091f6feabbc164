#include "documents/tests/test_files.hpp"

#include <Poco/DateTime.h>
#include <Poco/Path.h>
#include <Poco/Zip/Compress.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace agenthost::documents::testing {
namespace {

// PDF string literal escaping.
std::string pdf_string(const std::string& text) {
  std::string out = "(";
  for (char c : text) {
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    out += c;
  }
  return out + ")";
}

// Assembles numbered objects with a correct cross-reference table.
std::string assemble(const std::vector<std::string>& objects, const std::string& trailer_extra) {
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t offset : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R " + trailer_extra + ">>\n";
  pdf += "startxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::vector<std::string> page_objects(const std::vector<std::vector<std::string>>& pages) {
  // 1 catalog, 2 pages, 3 font, then per page: the page and its content stream.
  std::vector<std::string> objects = {"<< /Type /Catalog /Pages 2 0 R >>", "",
                                      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  std::string kids;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    const std::size_t page_number = objects.size() + 1;
    kids += std::to_string(page_number) + " 0 R ";
    std::string content;
    int y = 760;
    for (const std::string& line : pages[p]) {
      content += "BT /F1 11 Tf 72 " + std::to_string(y) + " Td " + pdf_string(line) + " Tj ET\n";
      y -= 18;
    }
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                      "/Contents " +
                      std::to_string(page_number + 1) + " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream");
  }
  objects[1] = "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>";
  return objects;
}

std::string xml_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

} // namespace

std::string make_pdf(const std::vector<std::vector<std::string>>& pages) { return assemble(page_objects(pages), ""); }

std::string make_encrypted_pdf() {
  std::vector<std::string> objects = page_objects({{"Secret quarterly numbers"}});
  const std::string hex32(64, 'A'); // 32 bytes of 0xAA: no empty user password produces this /U
  objects.push_back("<< /Filter /Standard /V 1 /R 2 /O <" + hex32 + "> /U <" + hex32 + "> /P -44 >>");
  return assemble(objects, "/Encrypt " + std::to_string(objects.size()) +
                               " 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] ");
}

std::string docx_paragraph(const std::string& text, const std::string& style) {
  std::string out = "<w:p>";
  if (!style.empty()) out += "<w:pPr><w:pStyle w:val=\"" + style + "\"/></w:pPr>";
  return out + "<w:r><w:t xml:space=\"preserve\">" + xml_escape(text) + "</w:t></w:r></w:p>";
}

std::string docx_table(const std::vector<std::vector<std::string>>& rows) {
  std::string out = "<w:tbl><w:tblPr/>";
  for (const auto& row : rows) {
    out += "<w:tr>";
    for (const std::string& cell : row) out += "<w:tc><w:tcPr/>" + docx_paragraph(cell) + "</w:tc>";
    out += "</w:tr>";
  }
  return out + "</w:tbl>";
}

std::string make_docx(const std::string& body_xml) {
  const std::string content_types =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/word/document.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
  const std::string document =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" +
      body_xml + "<w:sectPr/></w:body></w:document>";
  std::ostringstream zip;
  Poco::Zip::Compress compress(zip, true);
  std::istringstream types_in(content_types);
  compress.addFile(types_in, Poco::DateTime(), Poco::Path("[Content_Types].xml"));
  std::istringstream document_in(document);
  compress.addFile(document_in, Poco::DateTime(), Poco::Path("word/document.xml"));
  compress.close();
  return zip.str();
}

std::string write_temp_file(const std::string& bytes, const std::string& suffix) {
  std::string pattern = "/tmp/agenthost-test-XXXXXX" + suffix;
  const int fd = ::mkstemps(pattern.data(), static_cast<int>(suffix.size()));
  if (fd < 0) throw std::runtime_error("mkstemps failed");
  ::close(fd);
  std::ofstream(pattern, std::ios::binary) << bytes;
  return pattern;
}

} // namespace agenthost::documents::testing
