// Real-shaped documents made in the tests: a hand-written multi-page PDF (running headers and
// page numbers, as a report has), an encrypted PDF, and a .docx built with Poco Zip.
#pragma once

#include <string>
#include <vector>

namespace agenthost::documents::testing {

// A valid PDF: one page per entry of `pages`, each line of a page drawn as text from the top.
std::string make_pdf(const std::vector<std::vector<std::string>>& pages);
// A PDF whose /Encrypt dictionary (standard handler) needs a user password: readers refuse it.
std::string make_encrypted_pdf();

// A .docx (zip with [Content_Types].xml and word/document.xml) from a document.xml <w:body>.
std::string make_docx(const std::string& body_xml);
// <w:p> helpers for make_docx.
std::string docx_paragraph(const std::string& text, const std::string& style = "");
std::string docx_table(const std::vector<std::vector<std::string>>& rows);

// Writes `bytes` to a new temporary file; returns its path (the caller deletes it).
std::string write_temp_file(const std::string& bytes, const std::string& suffix);

} // namespace agenthost::documents::testing
