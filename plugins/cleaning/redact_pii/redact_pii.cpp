// redact_pii: an opt-in cleaning step that replaces e-mail addresses, phone numbers and
// (Luhn-valid) payment card numbers with typed placeholders before the text is chunked and
// indexed, so they never reach the search index or a model. The detectors are in
// pii_finders.hpp; README.md states their rules.
//
//   [pipeline.private_html]
//   steps = html_to_text, normalize_unicode, normalize_whitespace, redact_pii
#include "agenthost/sdk.hpp"

#include "pii_finders.hpp"

#include <string>
#include <string_view>

namespace {

struct RedactPii : agenthost::CleaningStep {
  static constexpr const char* type_name = "redact_pii";
  static constexpr const char* description =
      "Replaces e-mail addresses with [EMAIL], phone numbers with [PHONE] and Luhn-valid card "
      "numbers with [CARD]; reports how many of each";
  static constexpr const char* settings_schema = R"json({
    "type": "object",
    "properties": {
      "emails": {"type": "boolean", "default": true, "description": "Replace e-mail addresses with [EMAIL]"},
      "phones": {"type": "boolean", "default": true, "description": "Replace phone numbers with [PHONE]"},
      "cards": {"type": "boolean", "default": true, "description": "Replace Luhn-valid card numbers (13-19 digits) with [CARD]"}
    },
    "additionalProperties": false
  })json";
  static constexpr bool thread_safe = true; // the settings never change after create

  explicit RedactPii(const agenthost::Context& context)
      : emails_(context.settings.get_or<bool>("emails", true)),
        phones_(context.settings.get_or<bool>("phones", true)),
        cards_(context.settings.get_or<bool>("cards", true)) {}

  std::string clean(agenthost::Call& call, std::string_view text, const agenthost::json::Value&) override {
    std::string out(text);
    // E-mails first (their digits must not look like a phone), then cards (a card number is
    // longer than any phone number, so it must not be cut into one).
    const std::size_t emails = emails_ ? redact_pii::replace_all(out, &redact_pii::find_email, "[EMAIL]") : 0;
    const std::size_t cards = cards_ ? redact_pii::replace_all(out, &redact_pii::find_card, "[CARD]") : 0;
    const std::size_t phones = phones_ ? redact_pii::replace_all(out, &redact_pii::find_phone, "[PHONE]") : 0;
    call.metadata("redacted_emails", std::to_string(emails));
    call.metadata("redacted_phones", std::to_string(phones));
    call.metadata("redacted_cards", std::to_string(cards));
    call.metadata("redactions", std::to_string(emails + phones + cards));
    return out;
  }

private:
  bool emails_, phones_, cards_;
};

} // namespace

AGENTHOST_PLUGIN("redact_pii", "1.0.0", "Redaction of e-mail addresses, phone and card numbers", RedactPii)
