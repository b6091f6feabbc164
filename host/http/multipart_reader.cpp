#include "http/multipart_reader.hpp"

#include "common/error.hpp"
#include "common/media_type.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <exception>
#include <utility>
#include <vector>

namespace agenthost::http {

namespace {

constexpr std::size_t kReadAhead = 64 * 1024;
constexpr std::size_t kMaxPreamble = 64 * 1024;      // clients send none or a line of text
constexpr std::size_t kMaxPartHeaders = 16 * 1024;   // two or three short lines in practice
constexpr std::size_t kMaxTransportPadding = 256;
constexpr std::size_t kMaxBoundary = 70;             // RFC 2046 §5.1.1

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 5987 ext-value: charset'language'percent-encoded (only UTF-8 and ASCII are meaningful).
std::optional<std::string> decode_extended(std::string_view value) {
  const std::size_t first = value.find('\'');
  const std::size_t second = first == std::string_view::npos ? first : value.find('\'', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  const std::string charset = lowercase_ascii(value.substr(0, first));
  if (charset != "utf-8" && charset != "us-ascii") return std::nullopt;
  std::string out;
  for (std::size_t i = second + 1; i < value.size(); ++i) {
    if (value[i] == '%' && i + 2 < value.size() && hex_value(value[i + 1]) >= 0 && hex_value(value[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(value[i + 1]) * 16 + hex_value(value[i + 2]));
      i += 2;
    } else {
      out += value[i];
    }
  }
  return out;
}

// Old browsers send the client's full path ("C:\Users\me\notes.txt"): only the name is kept.
std::string base_name(std::string_view filename) {
  const std::size_t slash = filename.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? filename : filename.substr(slash + 1));
}

} // namespace

std::optional<std::string> form_data_boundary(std::string_view content_type) {
  if (media_type_of(content_type) != "multipart/form-data") return std::nullopt;
  const std::optional<std::string> boundary = media_parameter(media_parameters_of(content_type), "boundary");
  if (!boundary || boundary->empty() || boundary->size() > kMaxBoundary) {
    throw Error(ErrorKind::invalid_request,
                "Content-Type multipart/form-data needs a boundary parameter of 1 to 70 characters, e.g. "
                "'multipart/form-data; boundary=XyZ123'; let your HTTP client build the multipart body");
  }
  return boundary;
}

MultipartReader::MultipartReader(std::istream& body, std::string boundary)
    : body_(body), delimiter_("\r\n--" + std::move(boundary)), buffer_("\r\n") {
  // The CRLF put in front lets a delimiter that opens the body match like every other one.
}

void MultipartReader::malformed(const std::string& what) const {
  throw Error(ErrorKind::invalid_request,
              "the multipart/form-data body " + what + "; send the file as multipart/form-data field 'file' "
              "(e.g. curl -F file=@notes.pdf) or as the raw body with its Content-Type and ?filename=");
}

void MultipartReader::compact() {
  if (position_ < kReadAhead) return;
  buffer_.erase(0, position_);
  position_ = 0;
}

void MultipartReader::fill(std::size_t wanted) {
  if (unread() >= wanted || body_ended_) return;
  compact();
  char chunk[16384];
  while (unread() < wanted && !body_ended_) {
    try {
      body_.read(chunk, sizeof chunk);
    } catch (const std::exception& e) {
      throw Error(ErrorKind::invalid_request,
                  std::string("the upload broke off while it was being read (") + e.what() + "); send it again");
    }
    const auto got = static_cast<std::size_t>(body_.gcount());
    buffer_.append(chunk, got);
    if (got == 0 || !body_) body_ended_ = true;
  }
}

void MultipartReader::finish_delimiter() {
  fill(2);
  if (buffer_.compare(position_, 2, "--") == 0) {
    position_ += 2;
    closed_ = true; // whatever follows is the epilogue
    return;
  }
  for (std::size_t padding = 0;; ++padding) {
    fill(1);
    if (unread() == 0 || (buffer_[position_] != ' ' && buffer_[position_] != '\t')) break;
    if (padding >= kMaxTransportPadding) malformed("has a boundary line with too much trailing whitespace");
    ++position_;
  }
  fill(2);
  if (buffer_.compare(position_, 2, "\r\n") != 0) {
    if (unread() == 0) malformed("ended right after a boundary line, before the closing boundary");
    malformed("has a boundary line that does not end with CRLF (boundary lines end with \\r\\n)");
  }
  position_ += 2;
}

void MultipartReader::read_headers() {
  part_ = MultipartPart{};
  std::size_t header_bytes = 0;
  bool has_disposition = false;
  for (;;) {
    std::size_t end = std::string::npos;
    for (;;) {
      end = buffer_.find("\r\n", position_);
      if (end != std::string::npos || body_ended_) break;
      if (header_bytes + unread() > kMaxPartHeaders) malformed("has part headers larger than 16 KiB");
      fill(unread() + 1);
    }
    if (end == std::string::npos) malformed("ended inside a part's headers");
    const std::string_view line(buffer_.data() + position_, end - position_);
    header_bytes += line.size() + 2;
    if (header_bytes > kMaxPartHeaders) malformed("has part headers larger than 16 KiB");
    position_ = end + 2;
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) malformed("has a part header line without a colon");
    const std::string name = lowercase_ascii(trim_blanks(line.substr(0, colon)));
    const std::string_view value = trim_blanks(line.substr(colon + 1));
    if (name == "content-type") {
      part_.content_type = std::string(value);
    } else if (name == "content-disposition") {
      if (media_type_of(value) != "form-data") malformed("has a part whose Content-Disposition is not form-data");
      const MediaParameters parameters = media_parameters_of(value);
      part_.name = media_parameter(parameters, "name").value_or("");
      std::optional<std::string> filename;
      if (auto extended = media_parameter(parameters, "filename*")) filename = decode_extended(*extended);
      if (!filename) filename = media_parameter(parameters, "filename");
      if (filename) part_.filename = base_name(*filename);
      has_disposition = true;
    }
  }
  if (!has_disposition) malformed("has a part without a Content-Disposition: form-data header");
}

bool MultipartReader::next_part() {
  if (in_part_) {
    char discard[16384];
    while (read(discard, sizeof discard) > 0) {
    }
  }
  if (closed_) return false;
  if (!started_) {
    for (std::size_t skipped = 0;;) {
      fill(delimiter_.size() + kReadAhead);
      const std::size_t found = buffer_.find(delimiter_, position_);
      if (found != std::string::npos) {
        // The first delimiter follows the virtual CRLF, which is no preamble.
        if (skipped + (found - position_) > kMaxPreamble + 2) malformed("has more than 64 KiB before its first boundary");
        position_ = found + delimiter_.size();
        started_ = true;
        break;
      }
      if (body_ended_) malformed("has no boundary line '" + delimiter_.substr(2) + "'");
      // Keep what could still be the start of a delimiter.
      const std::size_t keep_from = buffer_.size() - (delimiter_.size() - 1);
      skipped += keep_from - position_;
      position_ = keep_from;
      if (skipped > kMaxPreamble) malformed("has more than 64 KiB before its first boundary");
    }
    finish_delimiter();
    if (closed_) return false;
  }
  read_headers();
  in_part_ = true;
  return true;
}

std::size_t MultipartReader::read(char* out, std::size_t capacity) {
  if (!in_part_ || capacity == 0) return 0;
  fill(delimiter_.size() + capacity);
  const std::size_t found = buffer_.find(delimiter_, position_);
  std::size_t available = 0;
  if (found == position_) {
    position_ += delimiter_.size();
    in_part_ = false;
    finish_delimiter();
    return 0;
  }
  if (found != std::string::npos) {
    available = found - position_;
  } else {
    if (body_ended_) malformed("ended before its closing boundary");
    // The last delimiter-length-minus-one bytes may be the start of a delimiter.
    available = unread() - (delimiter_.size() - 1);
  }
  const std::size_t n = std::min(capacity, available);
  std::memcpy(out, buffer_.data() + position_, n);
  position_ += n;
  return n;
}

} // namespace agenthost::http
