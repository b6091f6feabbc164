#include "search_arguments.hpp"

#include "agenthost/sdk_types.hpp"

#include <cmath>

namespace web_search {

namespace {

using agenthost::CallError;
using agenthost::json::Value;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string collapsed(std::string_view text) {
  std::string out;
  bool gap = false;
  for (const char c : text) {
    if (is_space(c)) {
      gap = true;
      continue;
    }
    if (gap && !out.empty()) out += ' ';
    gap = false;
    out += c;
  }
  return out;
}

// ASCII only: lower-casing UTF-8 byte by byte would corrupt other scripts, and search engines
// fold case themselves.
std::string ascii_lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

int count_argument(const Value& value) {
  const double n = value.is_number() ? value.as_double() : 0;
  if (n < 1 || n > 20 || n != std::floor(n))
    throw CallError::invalid_argument("'count' must be a whole number from 1 to 20 (how many results to return), got " +
                                      agenthost::json::dump(value));
  return static_cast<int>(n);
}

} // namespace

SearchQuery parse_arguments(const Value& arguments, const SearchSettings& settings) {
  SearchQuery query;
  query.count = settings.count;
  query.language = settings.language;
  query.safesearch = settings.safesearch;
  bool has_query = false;
  for (const auto& [name, value] : arguments.as_object()) {
    if (name == "query") {
      if (!value.is_string())
        throw CallError::invalid_argument(std::string("'query' must be a string such as \"SearXNG json api\", got ") +
                                          agenthost::json::type_name(value.type()));
      query.text = collapsed(value.as_string());
      has_query = true;
    } else if (name == "count") {
      query.count = count_argument(value);
    } else {
      throw CallError::invalid_argument("unknown argument " + agenthost::quote_for_message(name) +
                                        "; the arguments are 'query' and 'count' (optional)");
    }
  }
  if (!has_query)
    throw CallError::invalid_argument("missing argument 'query': give the words to search the web for, e.g. "
                                      "{\"query\": \"SearXNG json api\"}");
  if (query.text.empty()) throw CallError::invalid_argument("'query' is empty; give the words to search the web for");
  if (query.text.size() > kMaxQueryBytes)
    throw CallError::invalid_argument("'query' is too long (" + std::to_string(query.text.size()) + " bytes, limit " +
                                      std::to_string(kMaxQueryBytes) + "); search for the key words only");
  return query;
}

std::string cache_key(std::string_view provider, std::string_view base_url, const SearchQuery& query) {
  return "v1|" + std::string(provider) + "|" + std::string(base_url) + "|" + ascii_lower(query.text) + "|" +
         std::to_string(query.count) + "|" + query.language + "|" + query.safesearch;
}

} // namespace web_search
