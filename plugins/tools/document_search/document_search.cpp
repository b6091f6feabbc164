// document_search: lets an agent search the documents the user uploaded (full text, best
// passages first) and read the matching passages with their file name and page.
//
//   [tool.documents]
//   plugin = document_search
//   default_limit = 5        ; passages per search when the model asks for no number (1..20)
//
// The search itself is the host's search_documents service (ABI 1.1): it runs for the user on
// whose behalf the turn runs and only ever sees that user's documents. Outside a user's turn the
// host refuses, and so does this tool.
#include "agenthost/sdk.hpp"

#include "search_results.hpp"

#include <cstdint>
#include <string>

namespace {

using agenthost::CallError;
using agenthost::json::Value;

struct DocumentSearch : agenthost::Tool {
  static constexpr const char* type_name = "document_search";
  static constexpr const char* description =
      "Searches the documents the user uploaded (full text) and returns the best matching passages "
      "with their file name and page. Use it when the answer may be in the user's own files.";
  static constexpr const char* settings_schema = R"json({
    "type": "object",
    "properties": {
      "default_limit": {"type": "integer", "minimum": 1, "maximum": 20, "default": 5,
                        "description": "Passages returned when the model asks for no number"}
    }
  })json";
  // Holds only immutable settings; the host service is thread-safe.
  static constexpr bool thread_safe = true;

  explicit DocumentSearch(const agenthost::Context& context)
      : host_(context.host), default_limit_(static_cast<int32_t>(context.settings["default_limit"].as_int())) {}

  std::string parameters_schema() const override {
    return agenthost::json::dump(Value::object({
        {"type", "object"},
        {"properties",
         Value::object({
             {"query", Value::object({{"type", "string"},
                                      {"description", "Words to look for, e.g. \"invoice total March\""}})},
             {"limit", Value::object({{"type", "integer"},
                                      {"minimum", 1},
                                      {"maximum", 20},
                                      {"description", "How many passages to return (default " +
                                                          std::to_string(default_limit_) + ")"}})},
         })},
        {"required", Value::array({"query"})},
        {"additionalProperties", false},
    }));
  }

  agenthost::ToolOutput invoke(agenthost::Call& call, const Value& arguments) override {
    const document_search::SearchRequest request = document_search::parse_arguments(arguments, default_limit_);
    const Value hits = host_.search_documents(call, request.query, request.limit);
    return document_search::render_results(request.query, hits);
  }

private:
  agenthost::HostServices host_;
  int32_t default_limit_;
};

} // namespace

AGENTHOST_PLUGIN("document_search", "1.0.0", "Full-text search over the user's uploaded documents", DocumentSearch)
