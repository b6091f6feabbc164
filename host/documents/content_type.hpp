// Which uploads the documents feature accepts, under one normalized content type each.
//
// Clients send "text/html; charset=utf-8", "TEXT/PLAIN", or "application/octet-stream" for a
// file they could not type; the extractor and the pipeline defaults want one name per kind.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agenthost::documents {

inline constexpr const char* kPlainText = "text/plain";
inline constexpr const char* kMarkdown = "text/markdown";
inline constexpr const char* kHtml = "text/html";
inline constexpr const char* kPdf = "application/pdf";
inline constexpr const char* kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

// The supported types, in the order above (for error messages and docs).
const std::vector<std::string>& supported_content_types();

// The normalized type of an upload: `declared` without parameters, lower-cased, with aliases
// folded (text/x-markdown → text/markdown, application/xhtml+xml → text/html). When `declared`
// is empty, application/octet-stream or binary/octet-stream, the filename's extension decides
// (.txt .text .log .csv → plain, .md .markdown → markdown, .html .htm → html, .pdf, .docx).
// nullopt when the result is not a supported type (the API answers 415).
std::optional<std::string> detect_content_type(std::string_view declared, std::string_view filename);

// "text/plain, text/markdown, ...": for 415 messages.
std::string supported_content_types_text();

} // namespace agenthost::documents
