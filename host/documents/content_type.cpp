#include "documents/content_type.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace agenthost::documents {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

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
  const std::string type = lower(trim(declared.substr(0, declared.find(';'))));
  if (type.empty() || type == "application/octet-stream" || type == "binary/octet-stream") {
    const std::size_t dot = filename.rfind('.');
    if (dot == std::string_view::npos) return std::nullopt;
    const auto found = extensions().find(lower(filename.substr(dot + 1)));
    if (found == extensions().end()) return std::nullopt;
    return found->second;
  }
  const auto found = aliases().find(type);
  if (found == aliases().end()) return std::nullopt;
  return found->second;
}

} // namespace agenthost::documents
