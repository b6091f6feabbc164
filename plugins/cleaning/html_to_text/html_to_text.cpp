// html_to_text: a cleaning step that turns an HTML page into readable text (headings, paragraphs,
// lists and tables kept; scripts, navigation, boilerplate and hidden elements dropped). The
// rendering lives in html_renderer.hpp; this file is the SDK adapter.
//
//   [cleaning.html_with_links]
//   plugin = html_to_text
//   keep_link_urls = true
#include "agenthost/sdk.hpp"

#include "html_renderer.hpp"
#include "nesting_guard.hpp"

#include <string>
#include <string_view>

namespace {

struct HtmlToText : agenthost::CleaningStep {
  static constexpr const char* type_name = "html_to_text";
  static constexpr const char* description =
      "Parses HTML (HTML5, libgumbo) and keeps the readable content as text: headings, paragraphs, "
      "lists and tables; drops scripts, styles, navigation, page header/footer and hidden elements; "
      "reports the <title> as metadata";
  static constexpr const char* settings_schema = R"json({
    "type": "object",
    "properties": {
      "markdown_headings": {
        "type": "boolean",
        "default": true,
        "description": "Prefix headings with '#' marks by level (\"## Installation\")"
      },
      "keep_link_urls": {
        "type": "boolean",
        "default": false,
        "description": "Write links as \"text (url)\" instead of their text only"
      },
      "prefer_main": {
        "type": "boolean",
        "default": true,
        "description": "When the page has a <main> element (or role=\"main\"), render only it; else, when it has <article> elements, only those"
      }
    },
    "additionalProperties": false
  })json";
  static constexpr bool thread_safe = true; // each call parses into its own tree

  explicit HtmlToText(const agenthost::Context& context) {
    options_.markdown_headings = context.settings.get_or<bool>("markdown_headings", true);
    options_.keep_link_urls = context.settings.get_or<bool>("keep_link_urls", false);
    options_.prefer_main = context.settings.get_or<bool>("prefer_main", true);
  }

  std::string clean(agenthost::Call& call, std::string_view text, const agenthost::json::Value&) override {
    if (const auto offset = html_to_text::excessive_nesting(text)) {
      throw agenthost::CallError::invalid_argument(
          "the HTML nests more than " + std::to_string(html_to_text::kMaxNestingDepth) +
          " elements inside each other (at byte offset " + std::to_string(*offset) +
          "); markup this deep is broken or hostile and would exhaust the parser: convert the page to "
          "text with another tool and upload the text");
    }
    html_to_text::Document document = html_to_text::render(text, options_);
    if (!document.title.empty()) call.metadata("title", document.title);
    return std::move(document.text);
  }

private:
  html_to_text::Options options_;
};

} // namespace

AGENTHOST_PLUGIN("html_to_text", "1.0.0", "HTML to readable text for document ingestion", HtmlToText)
