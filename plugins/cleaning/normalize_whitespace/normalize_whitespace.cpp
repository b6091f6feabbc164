// normalize_whitespace: a cleaning step that collapses runs of spaces and blank lines while
// keeping paragraph breaks and the "\f" page separators (chunking maps chunks to pages through
// them). The rules live in whitespace.hpp.
//
//   [cleaning.tidy]
//   plugin = normalize_whitespace
//   nbsp_to_space = false
#include "agenthost/sdk.hpp"

#include "whitespace.hpp"

#include <string>
#include <string_view>

namespace {

struct NormalizeWhitespace : agenthost::CleaningStep {
  static constexpr const char* type_name = "normalize_whitespace";
  static constexpr const char* description =
      "Collapses runs of spaces and tabs, trims lines, keeps at most one blank line between "
      "paragraphs, turns CRLF/CR into LF and keeps page separators (\\f)";
  static constexpr const char* settings_schema = R"json({
    "type": "object",
    "properties": {
      "nbsp_to_space": {
        "type": "boolean",
        "default": true,
        "description": "Treat no-break spaces (U+00A0, U+202F) and the other Unicode space separators as ordinary spaces"
      }
    },
    "additionalProperties": false
  })json";
  static constexpr bool thread_safe = true; // the options never change after create

  explicit NormalizeWhitespace(const agenthost::Context& context)
      : options_{context.settings.get_or<bool>("nbsp_to_space", true)} {}

  std::string clean(agenthost::Call&, std::string_view text, const agenthost::json::Value&) override {
    return normalize_whitespace::normalize(text, options_);
  }

private:
  normalize_whitespace::Options options_;
};

} // namespace

AGENTHOST_PLUGIN("normalize_whitespace", "1.0.0", "Whitespace normalization for document text", NormalizeWhitespace)
