#include "documents/extract.hpp"

#include "documents/content_type.hpp"
#include "documents/ingest_failure.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace agenthost::documents {
namespace {

// A temporary file holding the upload, deleted when this goes out of scope.
class SpooledFile {
public:
  explicit SpooledFile(const ByteSource& source) {
    const char* dir = std::getenv("TMPDIR");
    std::string pattern = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/agenthost-upload-XXXXXX";
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) {
      throw Error(ErrorKind::unavailable, "cannot create a temporary file for the upload in " + pattern + ": " +
                                              std::strerror(errno) + "; check TMPDIR and free disk space");
    }
    path_ = pattern;
    FILE* file = ::fdopen(fd, "wb");
    bool ok = file != nullptr;
    if (ok) {
      source([&](std::string_view piece) {
        if (ok && std::fwrite(piece.data(), 1, piece.size(), file) != piece.size()) ok = false;
      });
      ok = std::fclose(file) == 0 && ok;
    } else {
      ::close(fd);
    }
    if (!ok) {
      ::unlink(path_.c_str());
      throw Error(ErrorKind::unavailable, "cannot write the upload to a temporary file: " +
                                              std::string(std::strerror(errno)) + "; check free disk space");
    }
  }
  ~SpooledFile() { ::unlink(path_.c_str()); }
  SpooledFile(const SpooledFile&) = delete;
  SpooledFile& operator=(const SpooledFile&) = delete;

  const std::string& path() const { return path_; }

private:
  std::string path_;
};

ExtractedText read_text(const ByteSource& source) {
  ExtractedText out;
  source([&](std::string_view piece) { out.text.append(piece); });
  // A UTF-8 byte order mark is an encoding marker, not text.
  if (out.text.compare(0, 3, "\xEF\xBB\xBF") == 0) out.text.erase(0, 3);
  // A form feed would read as a page break to the cleaning steps and the chunker.
  for (char& c : out.text)
    if (c == '\f') c = '\n';
  return out;
}

} // namespace

ExtractedText extract_text(std::string_view content_type, const ByteSource& source) {
  if (content_type == kPlainText || content_type == kMarkdown || content_type == kHtml) return read_text(source);
  if (content_type == kPdf) {
    SpooledFile file(source);
    return extract_pdf(file.path());
  }
  if (content_type == kDocx) {
    SpooledFile file(source);
    return extract_docx(file.path());
  }
  throw IngestFailure("cannot extract text from content type '" + std::string(content_type) +
                      "'; supported types: " + supported_content_types_text());
}

} // namespace agenthost::documents
