// web_fetch: what a response is (HTML, plain text, or something this tool refuses) and how its
// bytes become UTF-8 text. Pure functions of the Content-Type header and the body.
#pragma once

#include <string>
#include <string_view>

namespace web_fetch {

enum class ContentKind {
  html,    // text/html, application/xhtml+xml: cleaned by the host's pipeline
  text,    // text/*, application/json, application/xml, *+json, *+xml: returned as is
  refused, // anything else (PDF, images, archives, octet-stream ...)
  unknown, // no Content-Type: decided by sniff() once the body is read
};

struct MediaType {
  std::string type;    // lower-case "type/subtype", "" when the header is absent or empty
  std::string charset; // lower-case charset parameter, "" when absent
};

// Parses a Content-Type header value, e.g. `text/HTML; Charset="ISO-8859-1"`.
MediaType parse_media_type(std::string_view header);

// The kind of a declared media type ("" → unknown).
ContentKind kind_of(std::string_view media_type);

// The kind of a body served without a Content-Type: HTML when it starts (after a BOM and
// blanks) with `<!doctype html` or `<html`, text when it is valid UTF-8 without NUL bytes,
// refused otherwise.
ContentKind sniff(std::string_view body);

// The charset a <meta charset="..."> or <meta http-equiv content="...; charset=..."> in the
// first 1024 bytes of an HTML page declares (lower-case), "" when none does.
std::string meta_charset(std::string_view html);

// The body as UTF-8: a UTF-8 BOM is dropped; a body labelled ISO-8859-1, Latin-1, US-ASCII or
// windows-1252 (all decoded as windows-1252, as browsers do) that is not already valid UTF-8 is
// converted. Any other label passes through unchanged (the cleaning pipeline repairs bytes).
std::string to_utf8(std::string body, std::string_view charset);

// Whether to_utf8 reads text of this charset label: none (""), UTF-8, or the labels it decodes as
// windows-1252. Text in any other charset that is not valid UTF-8 would reach the model garbled.
bool is_readable_charset(std::string_view charset);

// Whether `bytes` is well-formed UTF-8 (RFC 3629).
bool is_valid_utf8(std::string_view bytes);

// Drops the start of a UTF-8 character cut off at the end of `bytes` (a body read up to a byte
// cap), so the cut does not turn into a replacement character or fail the UTF-8 check.
void drop_partial_utf8_tail(std::string& bytes);

} // namespace web_fetch
