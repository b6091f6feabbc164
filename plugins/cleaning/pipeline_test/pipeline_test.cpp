// The five cleaning steps composed as the host composes them: each built .so loaded through the
// SDK's FakeHost, the text of one step handed to the next, findings collected on the way. Checks
// the contract between steps (page separators survive, every step accepts what the one before
// produced) and idempotence: cleaning cleaned text again changes nothing.
#include "agenthost/testing/cleaning.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

using agenthost::testing::CallResult;
using agenthost::testing::FakeHost;
using agenthost::testing::read_file;

// One loaded plugin and one instance of its step, with default settings.
struct Step {
  explicit Step(const std::string& path, const std::string& type) {
    host.load(path);
    instance = std::make_unique<FakeHost::Instance>(host.create(type));
    name = type;
  }
  FakeHost host;
  std::unique_ptr<FakeHost::Instance> instance;
  std::string name;
};

class CleaningPipeline : public ::testing::Test {
protected:
  void SetUp() override {
    const std::map<std::string, std::string> plugins = {{"html_to_text", HTML_TO_TEXT_PLUGIN},
                                                        {"normalize_unicode", NORMALIZE_UNICODE_PLUGIN},
                                                        {"normalize_whitespace", NORMALIZE_WHITESPACE_PLUGIN},
                                                        {"dedupe_lines", DEDUPE_LINES_PLUGIN},
                                                        {"redact_pii", REDACT_PII_PLUGIN}};
    for (const auto& [type, path] : plugins) steps[type] = std::make_unique<Step>(path, type);
  }

  // Runs `names` in order; findings land in `findings` as "step.key" -> value.
  std::string run(const std::vector<std::string>& names, std::string text, const std::string& metadata) {
    for (const std::string& name : names) {
      const CallResult r = steps.at(name)->instance->clean(text, metadata);
      EXPECT_TRUE(r.ok()) << "cleaning step '" << name << "' failed: " << r.error;
      EXPECT_EQ(r.of(AH_EVENT_RESULT).size(), 1u) << name << " must emit exactly one RESULT";
      for (const auto& e : r.of(AH_EVENT_METADATA)) findings[name + "." + e.name] = e.text;
      text = r.result();
    }
    return text;
  }

  std::map<std::string, std::unique_ptr<Step>> steps;
  std::map<std::string, std::string> findings;
};

const std::vector<std::string> kHtmlSteps = {"html_to_text", "normalize_unicode", "normalize_whitespace", "redact_pii"};
const std::vector<std::string> kTextSteps = {"normalize_unicode", "dedupe_lines", "normalize_whitespace", "redact_pii"};
constexpr const char* kHtmlMetadata = R"({"content_type":"text/html","filename":"contact.html","pages":1})";
constexpr const char* kPdfMetadata = R"({"content_type":"application/pdf","filename":"manual.pdf","pages":4})";

TEST_F(CleaningPipeline, HtmlPageBecomesCleanRedactedText) {
  const std::string html =
      "<html><head><title>Contact</title><script>var x = 'a@b.example';</script></head><body>"
      "<nav>Home | Shop</nav><main><h1>Contact   us</h1>"
      "<p>Write to <a href=\"mailto:team@shop.example\">team@shop.example</a>&nbsp;or call "
      "<b>+44&nbsp;20 7946 0958</b>.</p><p>Caf&#x65;&#x301; hours:\r\n 9\xe2\x80\x8b-17</p>"
      "<ul><li>Cards: 4111 1111 1111 1111</li><li>Ref: 2026-03-14</li></ul></main>"
      "<footer>\xc2\xa9 Shop</footer></body></html>";
  findings.clear();
  const std::string cleaned = run(kHtmlSteps, html, kHtmlMetadata);
  EXPECT_EQ(cleaned,
            "# Contact us\n"
            "\n"
            "Write to [EMAIL] or call [PHONE].\n"
            "\n"
            "Caf\xc3\xa9 hours: 9-17\n"
            "\n"
            "- Cards: [CARD]\n"
            "- Ref: 2026-03-14");
  EXPECT_EQ(findings["html_to_text.title"], "Contact");
  EXPECT_EQ(findings["normalize_unicode.removed_characters"], "1");
  EXPECT_EQ(findings["redact_pii.redactions"], "3");

  // The same input gives the same output, and the text steps leave cleaned text alone.
  EXPECT_EQ(run(kHtmlSteps, html, kHtmlMetadata), cleaned);
  findings.clear();
  EXPECT_EQ(run({"normalize_unicode", "normalize_whitespace", "dedupe_lines", "redact_pii"}, cleaned, kHtmlMetadata),
            cleaned);
  EXPECT_EQ(findings["redact_pii.redactions"], "0");
}

TEST_F(CleaningPipeline, PagedDocumentKeepsItsPagesAndLosesItsRunningHeaders) {
  findings.clear();
  const std::string cleaned = run(kTextSteps, read_file(std::string(DATA_DIR) + "/operations_manual.txt"), kPdfMetadata);
  EXPECT_EQ(std::count(cleaned.begin(), cleaned.end(), '\f'), 3) << "four pages in, four pages out";
  EXPECT_EQ(cleaned,
            "1. Contacts\n"
            "\n"
            "Our support desk answers at [EMAIL] or [PHONE].\n"
            "Escalations: Mar\xc3\xad" "a L\xc3\xb3pez, [EMAIL]."
            "\f"
            "2. Billing\n"
            "\n"
            "Invoices are paid by card; the test card [CARD] is\n"
            "accepted in staging only. Reference 2026-01-31, batch 000123.\n"
            "\n"
            "Late fees: 2% per month."
            "\f"
            "3. Data\n"
            "\n"
            "Exports are UTF-8. A legacy file contained caf\xef\xbf\xbd (Latin-1) and azero-width space.\n"
            "Softhyphenated words join back up."
            "\f"
            "4. Sign-off\n"
            "\n"
            "Approved by the board on 14.03.2026.\n"
            "Contact the secretary on [PHONE] with questions.");
  EXPECT_EQ(findings["dedupe_lines.removed_lines"], "12");
  EXPECT_EQ(findings["normalize_unicode.invalid_utf8_replaced"], "1");
  EXPECT_EQ(findings["redact_pii.redactions"], "5");
}

TEST_F(CleaningPipeline, CleaningCleanedTextAgainChangesNothing) {
  const std::string once = run(kTextSteps, read_file(std::string(DATA_DIR) + "/operations_manual.txt"), kPdfMetadata);
  findings.clear();
  EXPECT_EQ(run(kTextSteps, once, kPdfMetadata), once);
  EXPECT_EQ(findings["dedupe_lines.removed_lines"], "0");
  EXPECT_EQ(findings["normalize_unicode.removed_characters"], "0");
  EXPECT_EQ(findings["redact_pii.redactions"], "0");
}

} // namespace
