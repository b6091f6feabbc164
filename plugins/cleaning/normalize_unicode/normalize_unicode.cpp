// normalize_unicode: a cleaning step that makes text safe to index and compare: valid UTF-8,
// NFC, no control or invisible characters (the rules are in unicode_cleaner.hpp).
//
//   [cleaning.strict_unicode]
//   plugin = normalize_unicode
//   on_invalid = reject
#include "agenthost/sdk.hpp"

#include "unicode_cleaner.hpp"

#include <string>
#include <string_view>

namespace {

struct NormalizeUnicode : agenthost::CleaningStep {
  static constexpr const char* type_name = "normalize_unicode";
  static constexpr const char* description =
      "Puts text in Unicode NFC, removes control, zero-width and soft-hyphen characters (keeping "
      "\\n, \\t and the \\f page separators) and repairs or rejects invalid UTF-8";
  static constexpr const char* settings_schema = R"json({
    "type": "object",
    "properties": {
      "on_invalid": {
        "type": "string",
        "enum": ["repair", "reject"],
        "default": "repair",
        "description": "Invalid UTF-8: repair replaces each bad sequence with U+FFFD; reject fails the step, naming the byte offset"
      }
    },
    "additionalProperties": false
  })json";
  static constexpr bool thread_safe = true; // the setting never changes after create

  explicit NormalizeUnicode(const agenthost::Context& context)
      : on_invalid_(context.settings.get_or<std::string>("on_invalid", "repair") == "reject"
                        ? normalize_unicode::OnInvalid::reject
                        : normalize_unicode::OnInvalid::repair) {}

  std::string clean(agenthost::Call& call, std::string_view text, const agenthost::json::Value&) override {
    normalize_unicode::Findings findings;
    std::string cleaned;
    try {
      cleaned = normalize_unicode::clean(text, on_invalid_, findings);
    } catch (const normalize_unicode::InvalidUtf8& error) {
      throw agenthost::CallError::invalid_argument(error.what());
    }
    // Always reported, zero included, like every cleaning step's counts: "0" is a finding too.
    call.metadata("invalid_utf8_replaced", std::to_string(findings.invalid_sequences));
    call.metadata("removed_characters", std::to_string(findings.removed_characters));
    return cleaned;
  }

private:
  normalize_unicode::OnInvalid on_invalid_;
};

} // namespace

AGENTHOST_PLUGIN("normalize_unicode", "1.0.0", "Unicode normalization and repair for document text", NormalizeUnicode)
