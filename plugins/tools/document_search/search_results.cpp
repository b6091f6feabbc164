#include "search_results.hpp"

#include "agenthost/sdk_types.hpp"

#include <string_view>

namespace document_search {

namespace {

using agenthost::CallError;
using agenthost::json::Value;

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// The host marks matches with <b></b>; a model reads Markdown emphasis more naturally than HTML.
std::string readable_snippet(std::string snippet) {
  replace_all(snippet, "<b>", "**");
  replace_all(snippet, "</b>", "**");
  return snippet;
}

std::string text_of(const Value& value) { return value.is_string() ? value.as_string() : std::string(); }

} // namespace

SearchRequest parse_arguments(const Value& arguments, int32_t default_limit) {
  if (!arguments.is_object()) throw CallError::invalid_argument("arguments must be an object with a 'query' string");
  SearchRequest request;
  request.limit = default_limit;
  for (const auto& [name, value] : arguments.as_object()) {
    if (name == "query") {
      if (!value.is_string())
        throw CallError::invalid_argument("'query' must be a string of words to look for, e.g. \"invoice total\"");
      request.query = value.as_string();
    } else if (name == "limit") {
      if (!value.is_number() || value.as_double() != static_cast<double>(static_cast<int64_t>(value.as_double())) ||
          value.as_double() < 1 || value.as_double() > 20)
        throw CallError::invalid_argument("'limit' must be a whole number from 1 to 20");
      request.limit = static_cast<int32_t>(value.as_double());
    } else {
      throw CallError::invalid_argument("unknown argument " + agenthost::quote_for_message(name) +
                                        "; the arguments are 'query' and 'limit' (optional)");
    }
  }
  if (request.query.find_first_not_of(" \t\r\n") == std::string::npos)
    throw CallError::invalid_argument("'query' is missing or empty; give the words to look for");
  return request;
}

std::string render_results(const std::string& query, const Value& hits) {
  if (!hits.is_array() || hits.size() == 0)
    return "No passages in the user's documents match \"" + query +
           "\". Try other or fewer words, or ask the user whether the document was uploaded.";
  std::string out = "Found " + std::to_string(hits.size()) + (hits.size() == 1 ? " passage" : " passages") +
                    " in the user's documents for \"" + query + "\":\n";
  std::size_t n = 0;
  for (const Value& hit : hits.as_array()) {
    out += "\n[" + std::to_string(++n) + "] " + text_of(hit["filename"]);
    if (hit["page"].is_number()) out += ", page " + std::to_string(static_cast<int64_t>(hit["page"].as_double()));
    out += " (document " + text_of(hit["document_id"]) + ")\n";
    out += readable_snippet(text_of(hit["snippet"])) + "\n";
  }
  return out;
}

} // namespace document_search
