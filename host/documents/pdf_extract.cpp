// PDF text through poppler-cpp: one "\f"-separated page per PDF page.
#include "documents/extract.hpp"

#include "documents/ingest_failure.hpp"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <memory>
#include <mutex>

namespace agenthost::documents {
namespace {

// poppler prints parse complaints to stderr by default; a corrupt upload is reported through the
// document's error instead, so they are dropped.
void quiet_poppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

} // namespace

ExtractedText extract_pdf(const std::string& path) {
  quiet_poppler();
  std::unique_ptr<poppler::document> document(poppler::document::load_from_file(path));
  if (!document) {
    throw IngestFailure("the PDF could not be read (corrupt, truncated or not a PDF); check that the file opens in a "
                        "PDF viewer and upload it again");
  }
  if (document->is_locked()) {
    throw IngestFailure("the PDF is encrypted with a password; upload a copy without password protection");
  }
  ExtractedText out;
  const int pages = document->pages();
  out.pages = pages > 0 ? pages : 1;
  for (int index = 0; index < pages; ++index) {
    if (index > 0) out.text += '\f';
    std::unique_ptr<poppler::page> page(document->create_page(index));
    if (!page) continue; // an unreadable page stays an empty page: the others still count
    const poppler::byte_array utf8 = page->text().to_utf8();
    for (char c : utf8) out.text += c == '\f' ? '\n' : c;
  }
  return out;
}

} // namespace agenthost::documents
