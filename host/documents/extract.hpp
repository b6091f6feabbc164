// Text out of an upload, by content type: UTF-8 with pages separated by "\f" (PDF: one page per
// PDF page; every other type is one page).
//
// Memory stays bounded by the text, not the file: the upload arrives piece by piece (from the
// store), PDF and .docx are spooled to a temporary file that poppler and Poco Zip read from
// disk, and .docx XML is parsed with SAX. HTML is returned raw: html_to_text (a cleaning step)
// turns it into text.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace agenthost::documents {

// Calls its argument with each piece of the upload, in order.
using ByteSource = std::function<void(const std::function<void(std::string_view)>& piece)>;

struct ExtractedText {
  std::string text;
  std::int64_t pages = 1;
};

// Throws IngestFailure for a corrupt, truncated or encrypted file or an unsupported type, with a
// message saying what is wrong and what to do.
ExtractedText extract_text(std::string_view content_type, const ByteSource& source);

// The parts, for tests and the benchmark.
ExtractedText extract_pdf(const std::string& path);
ExtractedText extract_docx(const std::string& path);

} // namespace agenthost::documents
