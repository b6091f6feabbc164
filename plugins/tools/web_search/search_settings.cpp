#include "search_settings.hpp"

#include "agenthost/sdk_types.hpp"
#include "agenthost/url.hpp"

#include <optional>

namespace web_search {

namespace {

using agenthost::CallError;
using agenthost::json::Value;

std::string string_setting(const Value& settings, const char* key, const char* fallback = "") {
  const Value* value = settings.find(key);
  return value && value->is_string() ? value->as_string() : std::string(fallback);
}

int int_setting(const Value& settings, const char* key, int fallback) {
  const Value* value = settings.find(key);
  return value && value->is_int() ? static_cast<int>(value->as_int()) : fallback;
}

// base_url must be an absolute http(s) URL without credentials, query or fragment: the tool
// appends the provider's path and query to it.
std::string checked_base_url(const std::string& value, const std::string& provider) {
  const std::string example = provider == "brave" ? kBraveDefaultBaseUrl : "http://127.0.0.1:8888";
  const std::optional<agenthost::url::Url> url = agenthost::url::parse(value);
  const std::string scheme = url ? agenthost::url::detail::lower(url->scheme) : std::string();
  if (!url || (scheme != "http" && scheme != "https") || url->host.empty()) {
    // Quoted whole unless it may hold credentials ("user:password@host" without a scheme).
    const std::string shown = value.find('@') == std::string::npos ? value : agenthost::url_origin(value);
    throw CallError::invalid_argument("base_url: must be an http:// or https:// address (got " +
                                      agenthost::quote_for_message(shown, 80) + "), e.g. " + example);
  }
  if (!url->userinfo.empty())
    throw CallError::invalid_argument(
        "base_url: must not contain credentials (user@ or user:password@); " +
        std::string(provider == "brave" ? "put the key in api_key" : "web_search sends none to SearXNG"));
  if (value.find_first_of("?#") != std::string::npos)
    throw CallError::invalid_argument("base_url: must not have a query or fragment (got " +
                                      agenthost::quote_for_message(agenthost::url_origin(value)) +
                                      " with '?' or '#'); give the provider's root address, e.g. " + example);
  std::string trimmed = value;
  while (!trimmed.empty() && trimmed.back() == '/') trimmed.pop_back();
  return trimmed;
}

// Language codes ("en", "de-CH", "zh-hans", SearXNG's "all"/"auto"): letters, digits, '-', '_'.
void check_language(const std::string& language) {
  for (const char c : language) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok)
      throw CallError::invalid_argument(
          "language: " + agenthost::quote_for_message(language) +
          " is not a language code; use a code such as en, de or pt-br, or leave it empty");
  }
}

} // namespace

SearchSettings read_settings(const Value& settings) {
  SearchSettings out;
  out.provider = string_setting(settings, "provider", "searxng");
  out.api_key = string_setting(settings, "api_key");
  out.count = int_setting(settings, "count", 5);
  out.language = string_setting(settings, "language");
  out.safesearch = string_setting(settings, "safesearch");
  out.timeout_seconds = int_setting(settings, "timeout_seconds", 15);
  check_language(out.language);

  // The key goes into a header the host writes as it is; a trailing newline from a file-fed
  // environment variable would end it and start headers of its own. Never quoted.
  for (const char c : out.api_key)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
      throw CallError::invalid_argument(
          "api_key: must not contain line breaks or other control characters; check the value (or the "
          "environment variable it comes from) for a trailing newline");

  std::string base_url = string_setting(settings, "base_url");
  if (out.provider == "brave") {
    if (out.api_key.empty())
      throw CallError::invalid_argument(
          "api_key: required for provider = brave; set it to your Brave Search API subscription token, e.g. "
          "api_key = ${BRAVE_API_KEY} (keys: https://api-dashboard.search.brave.com)");
    if (base_url.empty()) base_url = kBraveDefaultBaseUrl;
  } else if (base_url.empty()) {
    throw CallError::invalid_argument(
        "base_url: required for provider = searxng; set it to your SearXNG instance's root address, e.g. "
        "base_url = http://127.0.0.1:8888 (its settings.yml must list json in search.formats)");
  }
  out.base_url = checked_base_url(base_url, out.provider);
  return out;
}

std::unique_ptr<SearchProvider> make_provider(const SearchSettings& settings) {
  if (settings.provider == "brave") return make_brave_provider(settings.base_url, settings.api_key);
  return make_searxng_provider(settings.base_url);
}

} // namespace web_search
