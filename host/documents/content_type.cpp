#include "documents/content_type.hpp"

#include "common/media_type.hpp"

#include <map>

namespace agenthost::documents {
namespace {

const std::map<std::string, std::string>& aliases() {
  static const std::map<std::string, std::string> map = {
      {"text/plain", kPlainText},          {"text/markdown", kMarkdown},     {"text/x-markdown", kMarkdown},
      {"text/html", kHtml},                {"application/xhtml+xml", kHtml}, {"application/pdf", kPdf},
      {"application/x-pdf", kPdf},         {kDocx, kDocx},
  };
  return map;
}

const std::map<std::string, std::string>& extensions() {
  static const std::map<std::string, std::string> map = {
      {"txt", kPlainText}, {"text", kPlainText}, {"log", kPlainText}, {"csv", kPlainText},
      {"md", kMarkdown},   {"markdown", kMarkdown},
      {"html", kHtml},     {"htm", kHtml},       {"xhtml", kHtml},
      {"pdf", kPdf},       {"docx", kDocx},
  };
  return map;
}

} // namespace

const std::vector<std::string>& supported_content_types() {
  static const std::vector<std::string> types = {kPlainText, kMarkdown, kHtml, kPdf, kDocx};
  return types;
}

std::string supported_content_types_text() {
  std::string out;
  for (const std::string& type : supported_content_types()) out += (out.empty() ? "" : ", ") + type;
  return out;
}

std::optional<std::string> detect_content_type(std::string_view declared, std::string_view filename) {
  const std::string type = media_type_of(declared);
  if (type.empty() || type == "application/octet-stream" || type == "binary/octet-stream") {
    const std::size_t dot = filename.rfind('.');
    if (dot == std::string_view::npos) return std::nullopt;
    const auto found = extensions().find(lowercase_ascii(filename.substr(dot + 1)));
    if (found == extensions().end()) return std::nullopt;
    return found->second;
  }
  const auto found = aliases().find(type);
  if (found == aliases().end()) return std::nullopt;
  return found->second;
}

} // namespace agenthost::documents
