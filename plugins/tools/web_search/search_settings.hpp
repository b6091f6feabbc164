// web_search: the instance's settings — the schema the host validates them against, and the
// checks the schema cannot express (which settings each provider requires, base_url's shape).
// Every failure names the setting, so the host's "creating tool.X failed" says what to change.
#pragma once

#include "search_provider.hpp"

#include "agenthost/json.hpp"

#include <memory>
#include <string>

namespace web_search {

inline constexpr const char* kBraveDefaultBaseUrl = "https://api.search.brave.com";

inline constexpr const char* kSettingsSchema = R"json({
  "type": "object",
  "properties": {
    "provider": {"type": "string", "enum": ["searxng", "brave"], "default": "searxng",
                 "description": "searxng (a self-hosted SearXNG with its JSON API enabled) or brave (the Brave Search API)"},
    "base_url": {"type": "string", "default": "",
                 "description": "searxng: the instance's root address, e.g. http://127.0.0.1:8888 (required); brave: default https://api.search.brave.com"},
    "api_key": {"type": "string", "default": "", "writeOnly": true,
                "description": "brave: the Brave Search API subscription token (required), e.g. api_key = ${BRAVE_API_KEY}; not used by searxng"},
    "count": {"type": "integer", "minimum": 1, "maximum": 20, "default": 5,
              "description": "results per search when the model asks for no number"},
    "language": {"type": "string", "default": "", "maxLength": 16,
                 "description": "language of the results, e.g. en or de (searxng language=, brave search_lang=); empty: the provider's default"},
    "safesearch": {"type": "string", "enum": ["off", "moderate", "strict"],
                   "description": "filtering of adult content; unset: the provider's default"},
    "timeout_seconds": {"type": "integer", "minimum": 1, "maximum": 120, "default": 15,
                        "description": "the whole search exchange, connecting included"}
  },
  "additionalProperties": false
})json";

struct SearchSettings {
  std::string provider; // "searxng" | "brave"
  std::string base_url; // without trailing slashes
  std::string api_key;
  int count = 5;
  std::string language;
  std::string safesearch; // "" when unset
  int timeout_seconds = 15;
};

// Reads settings the host validated against kSettingsSchema (defaults filled in) and checks
// what the schema cannot. Throws CallError (invalid argument) naming the setting.
SearchSettings read_settings(const agenthost::json::Value& settings);

std::unique_ptr<SearchProvider> make_provider(const SearchSettings& settings);

} // namespace web_search
