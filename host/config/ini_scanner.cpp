#include "config/ini_scanner.hpp"

#include <cctype>
#include <cstdio>
#include <optional>

namespace agenthost::config {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

// Section names: letters, digits, '_', '.', '-'. Keys may also hold ':', because per-model keys
// name models the way their servers do (`char_ratio.qwen2.5:7b`, an Ollama tag).
bool is_name(std::string_view name, bool colon_allowed = false) {
  if (name.empty()) return false;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || c == '_' || c == '.' || c == '-' || (colon_allowed && c == ':'))) return false;
  }
  return true;
}

std::optional<unsigned char> first_control_byte(std::string_view line) {
  for (char c : line) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return u;
  }
  return std::nullopt;
}

// The line without its comment; `\;` and `\#` become literal characters.
std::string strip_comment(std::string_view line) {
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '\\' && i + 1 < line.size() && (line[i + 1] == ';' || line[i + 1] == '#')) {
      out += line[++i];
      continue;
    }
    if ((c == ';' || c == '#') && (i == 0 || is_blank(line[i - 1]))) break;
    out += c;
  }
  return out;
}

std::string encode_for_boost(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    if (c == '#') c = hash_stand_in;
  }
  return out;
}

class Scanner {
public:
  explicit Scanner(ErrorList& errors) : errors_(errors) {}

  void scan_line(std::string_view raw, int line) {
    if (const auto control = first_control_byte(raw)) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", *control);
      error(line, std::string("line contains the control byte ") + hex + "; remove it");
      return;
    }
    const std::string stripped = strip_comment(raw);
    const std::string_view content = trim(stripped);
    if (content.empty()) return;
    if (content.front() == '[') {
      scan_header(content, line);
    } else {
      scan_key(content, line);
    }
  }

  ScannedIni finish() { return std::move(result_); }

private:
  enum class Position { before_any_section, in_section, in_rejected_section };

  void scan_header(std::string_view content, int line) {
    position_ = Position::in_rejected_section; // until the header proves valid
    const std::size_t close = content.find(']');
    if (close == std::string_view::npos) {
      error(line, "section header is missing its closing ']'");
      return;
    }
    if (close + 1 != content.size()) {
      error(line, "unexpected text after ']'; a section header stands alone on its line");
      return;
    }
    const std::string_view name = trim(content.substr(1, close - 1));
    if (name.empty()) {
      error(line, "empty section name '[]'; write e.g. [server] or [backend.NAME]");
      return;
    }
    if (!is_name(name)) {
      error(line, "section name may only contain letters, digits, '_', '.' and '-'");
      return;
    }
    for (const ScannedSection& earlier : result_.sections) {
      if (earlier.name == name) {
        error(line, "section [" + std::string(name) + "] is already defined on line " +
                        std::to_string(earlier.line) + "; put all its keys in one section");
        return;
      }
    }
    result_.sections.push_back(ScannedSection{std::string(name), line});
    result_.normalized_text += "[" + std::string(name) + "]\n";
    position_ = Position::in_section;
  }

  void scan_key(std::string_view content, int line) {
    const std::size_t equals = content.find('=');
    if (equals == std::string_view::npos) {
      error(line, "expected 'key = value', a [section] header, or a comment");
      return;
    }
    const std::string_view key = trim(content.substr(0, equals));
    const std::string_view value = trim(content.substr(equals + 1));
    if (key.empty()) {
      error(line, "missing key before '='");
      return;
    }
    if (!is_name(key, /*colon_allowed=*/true)) {
      // The key is not echoed: a malformed line may well be a secret typed the wrong way.
      error(line, "key may only contain letters, digits, '_', '.', '-' and ':'");
      return;
    }
    switch (position_) {
    case Position::before_any_section:
      errors_.add(line, "", std::string(key), "key appears before any [section] header; move it into one");
      return;
    case Position::in_rejected_section:
      return; // the header's error already covers its keys
    case Position::in_section: break;
    }
    result_.keys.push_back(ScannedKey{result_.sections.size() - 1, std::string(key), line});
    result_.normalized_text += std::string(key) + "=" + encode_for_boost(value) + "\n";
  }

  void error(int line, std::string message) {
    const std::string section =
        position_ == Position::in_section ? result_.sections.back().name : std::string();
    errors_.add(line, section, "", std::move(message));
  }

  ErrorList& errors_;
  ScannedIni result_;
  Position position_ = Position::before_any_section;
};

} // namespace

ScannedIni scan_ini(std::string_view text, ErrorList& errors) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3); // UTF-8 byte-order mark
  Scanner scanner(errors);
  int line = 0;
  while (!text.empty()) {
    ++line;
    const std::size_t end = text.find('\n');
    std::string_view raw = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    scanner.scan_line(raw, line);
  }
  return scanner.finish();
}

} // namespace agenthost::config
