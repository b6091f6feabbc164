// Streaming reader of a multipart/form-data body (RFC 7578 over RFC 2046 §5.1), for uploads
// too large to hold in memory: parts are found one after another and each part's content is
// read in pieces, so memory stays bounded by the read buffer whatever the part's size.
//
// Rules followed: the boundary comes from the Content-Type's `boundary` parameter (quoted or
// not, 1..70 characters); a delimiter is CRLF "--" boundary at the start of a line (the first
// may open the body without the CRLF), so "\n--boundary" without CR, or the boundary in the
// middle of a line, is content; the CRLF before a delimiter belongs to the delimiter, not to the
// content; text before the first delimiter (the preamble) and after the closing one (the
// epilogue) is ignored; whitespace may follow a delimiter before its CRLF. Part headers must end
// their lines with CRLF and are capped in size.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

namespace agenthost::http {

// The boundary of a "multipart/form-data; boundary=..." Content-Type; nullopt when the type is
// another one. Throws Error(invalid_request) for multipart/form-data without a usable boundary.
std::optional<std::string> form_data_boundary(std::string_view content_type);

struct MultipartPart {
  std::string name;                    // Content-Disposition name="..."
  std::optional<std::string> filename; // filename="..." (or filename*=UTF-8''...), when given
  std::string content_type;            // the part's Content-Type; "" when absent
};

class MultipartReader {
public:
  MultipartReader(std::istream& body, std::string boundary);

  // Moves to the next part (skipping what is left of the current one) and reads its headers.
  // Returns false after the closing delimiter. Throws Error(invalid_request) for a malformed
  // body, including one that ends before its closing delimiter.
  bool next_part();
  const MultipartPart& part() const noexcept { return part_; }

  // Reads up to `capacity` bytes of the current part's content into `out`; 0 at its end.
  std::size_t read(char* out, std::size_t capacity);

private:
  // Reads from the stream until the buffer holds `wanted` unread bytes or the body ended.
  void fill(std::size_t wanted);
  std::size_t unread() const noexcept { return buffer_.size() - position_; }
  void compact();
  // After a delimiter: "--" ends the body; otherwise optional whitespace and CRLF.
  void finish_delimiter();
  void read_headers();
  [[noreturn]] void malformed(const std::string& what) const;

  std::istream& body_;
  const std::string delimiter_; // CRLF "--" boundary
  std::string buffer_;
  std::size_t position_ = 0;
  bool body_ended_ = false;   // the stream has no more bytes
  bool started_ = false;      // the first delimiter was found
  bool in_part_ = false;      // between a part's headers and its closing delimiter
  bool closed_ = false;       // the closing delimiter was read
  MultipartPart part_;
};

} // namespace agenthost::http
