// dedupe_lines: a cleaning step that removes running headers and footers (and page numbers)
// repeated across the pages of a document, so they do not pollute every chunk and every search
// hit. The rules are in repeated_lines.hpp; pages are separated by "\f".
//
//   [cleaning.report_headers]
//   plugin = dedupe_lines
//   min_fraction = 0.3
#include "agenthost/sdk.hpp"

#include "repeated_lines.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace {

struct DedupeLines : agenthost::CleaningStep {
  static constexpr const char* type_name = "dedupe_lines";
  static constexpr const char* description =
      "Removes running headers and footers: lines repeated at the top or bottom of many pages "
      "(digits ignored, so \"Page 3 of 10\" counts as a repeat); reports removed_lines";
  static constexpr const char* settings_schema = R"json({
    "type": "object",
    "properties": {
      "min_pages": {
        "type": "integer",
        "minimum": 2,
        "default": 3,
        "description": "Documents with fewer pages are left alone, and a line must repeat on at least this many pages"
      },
      "min_fraction": {
        "type": "number",
        "exclusiveMinimum": 0,
        "maximum": 1,
        "default": 0.5,
        "description": "A line must repeat on at least this share of the pages"
      },
      "edge_lines": {
        "type": "integer",
        "minimum": 1,
        "maximum": 20,
        "default": 3,
        "description": "How many non-blank lines at the top and at the bottom of each page are candidates"
      }
    },
    "additionalProperties": false
  })json";
  static constexpr bool thread_safe = true; // the options never change after create

  explicit DedupeLines(const agenthost::Context& context) {
    options_.min_pages = static_cast<std::size_t>(context.settings.get_or<std::int64_t>("min_pages", 3));
    options_.min_fraction = context.settings.get_or<double>("min_fraction", 0.5);
    options_.edge_lines = static_cast<std::size_t>(context.settings.get_or<std::int64_t>("edge_lines", 3));
  }

  std::string clean(agenthost::Call& call, std::string_view text, const agenthost::json::Value&) override {
    dedupe_lines::Result result = dedupe_lines::remove_repeated(text, options_);
    call.metadata("removed_lines", std::to_string(result.removed_lines));
    return std::move(result.text);
  }

private:
  dedupe_lines::Options options_;
};

} // namespace

AGENTHOST_PLUGIN("dedupe_lines", "1.0.0", "Running header and footer removal for paged documents", DedupeLines)
