// web_fetch: lets an agent read a web page. GETs the URL through the host's outbound HTTP (so the
// operator's egress policy judges every hop), follows redirects itself, cleans HTML with the
// host's cleaning pipeline, and returns the page's title, final URL and text cut to a token
// budget, as one JSON object.
//
//   [tool.web_fetch]
//   plugin = web_fetch
//   max_tokens = 4000        ; token budget of the returned text
//
// Results are cached through the host's cache (the operator sets its TTL and size); the key is
// the normalized URL plus every setting that changes the answer. See README.md.
#include "agenthost/sdk.hpp"
#include "agenthost/url.hpp"

#include "content_kind.hpp"
#include "page_fetch.hpp"
#include "text_budget.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace {

using agenthost::CallError;
using agenthost::json::Value;

struct FetchArguments {
  std::string url;
  int64_t max_tokens = 0;
};

struct WebFetch : agenthost::Tool {
  static constexpr const char* type_name = "web_fetch";
  static constexpr const char* description =
      "Reads a web page: fetches an http(s) URL and returns its title, final URL (after redirects) "
      "and readable text, shortened to a token budget. Use it to read a page found by a search or "
      "named by the user. HTML and text pages only.";
  static constexpr const char* settings_schema = R"json({
    "type": "object",
    "properties": {
      "max_redirects": {"type": "integer", "minimum": 0, "maximum": 5, "default": 5,
                        "description": "Redirects followed per fetch; each hop is checked by the egress policy"},
      "max_bytes": {"type": "integer", "minimum": 1024, "default": 2097152,
                    "description": "Bytes of a page read at most; a longer page is cut there (truncated)"},
      "timeout_seconds": {"type": "integer", "minimum": 1, "maximum": 600, "default": 20,
                          "description": "Time for the whole fetch, redirects included"},
      "connect_timeout_seconds": {"type": "integer", "minimum": 1, "maximum": 120, "default": 5,
                                  "description": "Time to connect to each server"},
      "max_tokens": {"type": "integer", "minimum": 1, "default": 4000,
                     "description": "Token budget of the returned text (the model may ask for less)"},
      "pipeline": {"type": "string", "default": "",
                   "description": "Cleaning pipeline for HTML; empty: the host's default for text/html"},
      "user_agent": {"type": "string", "minLength": 1, "default": "agenthost-web_fetch/1.0",
                     "description": "The User-Agent header sent"}
    }
  })json";
  // Holds only immutable settings; the host services are thread-safe.
  static constexpr bool thread_safe = true;

  explicit WebFetch(const agenthost::Context& context)
      : host_(context.host), max_tokens_(context.settings["max_tokens"].as_int()),
        pipeline_(context.settings["pipeline"].as_string()) {
    limits_.max_redirects = static_cast<int>(context.settings["max_redirects"].as_int());
    limits_.max_bytes = context.settings["max_bytes"].as_int();
    limits_.timeout_ms = context.settings["timeout_seconds"].as_int() * 1000;
    limits_.connect_timeout_ms = context.settings["connect_timeout_seconds"].as_int() * 1000;
    limits_.user_agent = context.settings["user_agent"].as_string();
    // The host writes header values as they are: a line break would add headers of its own.
    for (const char c : limits_.user_agent)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
        throw CallError::invalid_argument("user_agent: must not contain control characters (line breaks, tabs, "
                                          "NUL); give one line such as agenthost-web_fetch/1.0");
  }

  std::string parameters_schema() const override {
    return agenthost::json::dump(Value::object({
        {"type", "object"},
        {"properties",
         Value::object({
             {"url", Value::object({{"type", "string"},
                                    {"description", "The absolute http:// or https:// URL of the page"}})},
             {"max_tokens", Value::object({{"type", "integer"},
                                           {"minimum", 1},
                                           {"maximum", max_tokens_},
                                           {"description", "Read at most this many tokens of the page's text "
                                                           "(default and maximum " +
                                                               std::to_string(max_tokens_) + ")"}})},
         })},
        {"required", Value::array({"url"})},
        {"additionalProperties", false},
    }));
  }

  agenthost::ToolOutput invoke(agenthost::Call& call, const Value& arguments) override {
    const FetchArguments request = parse_arguments(arguments);
    std::string target = web_fetch::request_form(request.url);
    check_url(target);
    target = web_fetch::wire_url(target);
    // Every setting that changes the answer; the User-Agent last, as it may hold '|'. (The
    // operator's egress policy is not here: the host's cache does not see a policy change.)
    const std::string key = "v1|" + agenthost::url::normalize(target) + "|" + std::to_string(request.max_tokens) +
                            "|" + pipeline_ + "|" + std::to_string(limits_.max_bytes) + "|" +
                            std::to_string(limits_.max_redirects) + "|" + limits_.user_agent;
    if (std::optional<std::string> cached = host_.cache_get(key)) {
      agenthost::ToolOutput output(std::move(*cached));
      output.media_type = "application/json";
      return output;
    }
    const Value result = fetch(call, request, target);
    host_.cache_put(key, agenthost::json::dump(result));
    return result;
  }

private:
  FetchArguments parse_arguments(const Value& arguments) const {
    if (!arguments.is_object()) throw CallError::invalid_argument("web_fetch: arguments must be an object with a 'url' string");
    FetchArguments out;
    out.max_tokens = max_tokens_;
    for (const auto& [name, value] : arguments.as_object()) {
      if (name == "url") {
        if (!value.is_string()) throw CallError::invalid_argument("web_fetch: 'url' must be a string, e.g. \"https://example.com/page\"");
        out.url = value.as_string();
      } else if (name == "max_tokens") {
        if (!value.is_int() || value.as_int() < 1)
          throw CallError::invalid_argument("web_fetch: 'max_tokens' must be a whole number from 1 to " +
                                            std::to_string(max_tokens_));
        out.max_tokens = std::min(value.as_int(), max_tokens_); // more than the operator allows: the maximum
      } else {
        throw CallError::invalid_argument("web_fetch: unknown argument " + agenthost::quote_for_message(name) +
                                          "; the arguments are 'url' and 'max_tokens' (optional)");
      }
    }
    const std::size_t first = out.url.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) throw CallError::invalid_argument("web_fetch: 'url' is missing or empty; give the page's URL");
    out.url = out.url.substr(first, out.url.find_last_not_of(" \t\r\n") - first + 1);
    return out;
  }

  // Refuses, before any request, what can never be fetched; the host's egress policy judges the
  // address (and refuses userinfo) when the request is made.
  static void check_url(const std::string& url) {
    if (url.size() > web_fetch::kMaxUrlBytes)
      throw CallError::invalid_argument("web_fetch: " + web_fetch::quote_url(url) + " is " +
                                        std::to_string(url.size()) + " bytes long; web_fetch takes URLs of at most " +
                                        std::to_string(web_fetch::kMaxUrlBytes) + " bytes");
    const std::optional<agenthost::url::Url> parsed = agenthost::url::parse(url);
    if (!parsed) {
      const bool no_scheme = url.find("://") == std::string::npos;
      throw CallError::invalid_argument("web_fetch: " + web_fetch::quote_url(url) + " is not a valid absolute URL; " +
                                        (no_scheme ? "add the scheme, e.g. https://" + url
                                                   : std::string("check the host and port, e.g. https://example.com:8443/page")));
    }
    if (parsed->scheme != "http" && parsed->scheme != "https")
      throw CallError::invalid_argument("web_fetch: " + web_fetch::quote_url(url) + " is a " + parsed->scheme +
                                        ": URL; this tool fetches http:// and https:// URLs only");
    web_fetch::check_host_name(parsed->host, url);
  }

  // `target` is request.url as it is requested (web_fetch::request_form, then wire_url).
  Value fetch(agenthost::Call& call, const FetchArguments& request, const std::string& target) const {
    using web_fetch::ContentKind;
    web_fetch::FetchedPage page = web_fetch::fetch_page(host_, call, target, limits_);
    if (page.cut_at_max_bytes) web_fetch::drop_partial_utf8_tail(page.body); // before the UTF-8 checks
    std::string content_type = page.media_type.type;
    if (page.kind == ContentKind::unknown) {
      page.kind = web_fetch::sniff(page.body);
      if (page.kind == ContentKind::refused)
        throw CallError::invalid_argument("web_fetch: " + web_fetch::quote_url(page.final_url) +
                                          " sent no Content-Type and is neither HTML nor UTF-8 text; this tool reads "
                                          "HTML and text pages only");
      content_type = page.kind == ContentKind::html ? "text/html" : "text/plain";
    }
    std::string charset = page.media_type.charset;
    if (charset.empty() && page.kind == ContentKind::html) charset = web_fetch::meta_charset(page.body);
    // Valid UTF-8 under a foreign label is a wrong label, unless NULs show it is UTF-16 of ASCII.
    if (!web_fetch::is_readable_charset(charset) &&
        (!web_fetch::is_valid_utf8(page.body) || page.body.find('\0') != std::string::npos))
      throw CallError::invalid_argument("web_fetch: " + web_fetch::quote_url(page.final_url) + " is encoded as " +
                                        agenthost::quote_for_message(charset, 40) +
                                        ", which web_fetch cannot convert (it reads UTF-8, ISO-8859-1 and "
                                        "windows-1252); try another source");
    std::string body = web_fetch::to_utf8(std::move(page.body), charset);

    std::string title, text;
    if (page.kind == ContentKind::html) {
      const std::string metadata = agenthost::json::dump(
          Value::object({{"content_type", "text/html"}, {"source", page.final_url}}));
      agenthost::PipelineOutput cleaned;
      try {
        cleaned = host_.run_pipeline(call, pipeline_, body, metadata);
      } catch (const CallError& e) {
        if (e.status() == AH_ERR_CANCELLED) throw;
        // The pipeline's advice is written for uploads ("upload the text"); say what the model can do.
        throw CallError(e.status(), "web_fetch: cleaning the HTML of " + web_fetch::quote_url(page.final_url) +
                                        " failed: " + e.what() +
                                        " (web_fetch cannot read this page; try another source)");
      }
      title = web_fetch::cap_bytes(cleaned.metadata_value("title"), web_fetch::kMaxTitleBytes);
      text = std::move(cleaned.text);
    } else {
      text = std::move(body);
    }
    web_fetch::BudgetedText budgeted = web_fetch::fit_to_budget(
        std::move(text), request.max_tokens, [this](std::string_view piece) { return host_.estimate_tokens(piece); });
    return Value::object({
        {"url", request.url},
        {"final_url", page.final_url},
        {"status", page.status},
        {"title", title},
        {"content_type", content_type},
        {"text", std::move(budgeted.text)},
        {"truncated", budgeted.truncated || page.cut_at_max_bytes},
        {"redirects", page.redirects},
    });
  }

  agenthost::HostServices host_;
  int64_t max_tokens_;
  std::string pipeline_;
  web_fetch::FetchLimits limits_;
};

} // namespace

AGENTHOST_PLUGIN("web_fetch", "1.0.0", "Reads web pages (HTML and text) through the host's egress policy", WebFetch)
