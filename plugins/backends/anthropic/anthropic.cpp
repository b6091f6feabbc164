// The `anthropic` backend: Claude models through the Messages API (POST /v1/messages with
// streaming), written only against the SDK. Retries, deadlines and fallbacks are the host's job:
// this plugin makes one exchange per call and reports exactly what the provider said.
#include "request_body.hpp"
#include "response_body.hpp"
#include "stream_decoder.hpp"

#include "agenthost/http_errors.hpp"
#include "agenthost/model_windows.hpp"
#include "agenthost/sdk.hpp"
#include "agenthost/stream_lines.hpp"

#include <map>
#include <string>
#include <utility>

namespace anthropic {

namespace json = agenthost::json;
using agenthost::CallError;

namespace {

constexpr int kMaxModelPages = 20; // 1000 models per page: far beyond any real listing

// Context windows of Claude models by name prefix (docs.anthropic.com, "Models overview", checked
// 2026-11): every Claude 3, 3.5, 3.7, 4 and 4.x model has 200K tokens (1M for some models only
// behind a beta header, which this plugin does not send); the retired Claude 2.0 and Instant
// had 100K. An operator overrides them with `context_windows`.
std::map<std::string, int64_t> claude_context_windows() {
  return {{"claude-", 200000}, {"claude-2.0", 100000}, {"claude-instant", 100000}};
}

std::string without_trailing_slashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

} // namespace

class AnthropicBackend : public agenthost::Backend {
public:
  static constexpr const char* type_name = "anthropic";
  static constexpr const char* description = "Anthropic Claude models through the streaming Messages API";
  static constexpr bool thread_safe = true; // settings are fixed at creation; each call owns its state
  static constexpr uint32_t capabilities = AH_BACKEND_TOOLS | AH_BACKEND_PARALLEL_TOOL_CALLS |
                                           AH_BACKEND_STREAMING_TOOL_CALLS | AH_BACKEND_LIST_MODELS;
  static constexpr const char* settings_schema = R"json({
    "type": "object",
    "properties": {
      "base_url": {"type": "string", "default": "https://api.anthropic.com",
                   "description": "API origin, without /v1 (e.g. a gateway or a local fake)"},
      "api_key": {"type": "string",
                  "description": "sent as x-api-key; required by api.anthropic.com (e.g. api_key = ${ANTHROPIC_API_KEY})"},
      "version": {"type": "string", "default": "2023-06-01", "description": "the anthropic-version header"},
      "max_tokens": {"type": "integer", "minimum": 1, "default": 4096,
                     "description": "max_tokens sent when the agent does not set it (the API requires one)"},
      "context_window": {"type": "integer", "minimum": 1, "default": 200000,
                         "description": "context window, in tokens, of a model that neither context_windows nor the built-in table of Claude families knows (e.g. a gateway's own names)"},
      "context_windows": {"type": "object", "default": {},
                          "description": "context window per model name or name prefix, in tokens, e.g. {\"claude-sonnet-4-5\": 1000000}; replaces a built-in entry with the same name"}
    },
    "additionalProperties": false
  })json";

  explicit AnthropicBackend(const agenthost::Context& context)
      : host_(context.host),
        base_url_(without_trailing_slashes(context.settings.get_or<std::string>("base_url", "https://api.anthropic.com"))),
        api_key_(context.settings.get_or<std::string>("api_key", "")),
        version_(context.settings.get_or<std::string>("version", "2023-06-01")),
        max_tokens_(context.settings.get_or<int64_t>("max_tokens", 4096)),
        windows_(claude_context_windows(), context.settings.get_or<int64_t>("context_window", 200000)) {
    // The host validated the settings against the schema; these guard hosts that did not.
    if (base_url_.find("://") == std::string::npos)
      throw CallError::invalid_argument("base_url: must be an http:// or https:// URL (got " +
                                        agenthost::quote_for_message(base_url_) + ")");
    if (max_tokens_ < 1) throw CallError::invalid_argument("max_tokens: must be >= 1");
    if (const json::Value* windows = context.settings.find("context_windows")) windows_.apply_setting(*windows);
  }

  void chat(agenthost::Call& call, const agenthost::ChatRequest& request) override {
    agenthost::HttpRequest http = request_to("/v1/messages");
    http.method = "POST";
    http.headers.emplace_back("content-type", "application/json");
    http.headers.emplace_back("accept", "text/event-stream");
    http.body = json::dump(messages_request_body(request, max_tokens_));

    StreamDecoder decoder(call, api_key_);
    agenthost::SseReader reader;
    auto on_event = [&](const agenthost::SseEvent& event) { decoder.handle(event); };
    ResponseBody body;
    // A 2xx body streams into the reader as it arrives; an error status's body is kept, capped.
    const agenthost::HttpResponse response = host_.http_stream(call, http, [&](std::string_view chunk) {
      body.take(chunk, [&](std::string_view bytes) { reader.feed(bytes, on_event); });
      return true;
    });
    if (response.status < 200 || response.status > 299) throw http_error(response, http);
    if (!body.is_event_stream())
      throw CallError::upstream("Anthropic answered HTTP " + std::to_string(response.status) +
                                " without an event stream: " + agenthost::quote_for_message(body.raw(), 200) +
                                " (check base_url points at the Messages API)");
    if (!decoder.finished())
      throw CallError::upstream("the Anthropic stream ended before message_stop: the connection closed mid-response");
  }

  json::Value list_models(agenthost::Call& call) override {
    json::Value models = json::Value::array();
    std::string after;
    for (int page = 0; page < kMaxModelPages; ++page) {
      agenthost::HttpRequest http = request_to("/v1/models?limit=1000" + (after.empty() ? "" : "&after_id=" + after));
      const agenthost::HttpResponse response = host_.http(call, http);
      if (response.status < 200 || response.status > 299) throw http_error(response, http);
      json::Value listing;
      try {
        listing = json::parse(response.body);
      } catch (const json::ParseError& e) {
        throw CallError::upstream(std::string("Anthropic's model list is not valid JSON: ") + e.what());
      }
      const json::Value* data = listing.is_object() ? listing.find("data") : nullptr;
      if (!data || !data->is_array()) throw CallError::upstream("Anthropic's model list has no 'data' array");
      for (const json::Value& m : data->as_array()) {
        const std::string id = m.get_or<std::string>("id", "");
        if (id.empty()) continue;
        json::Value model = json::Value::object({{"name", id}});
        if (const auto window = windows_.lookup(id)) model.set("context_window", *window);
        if (const std::string display = m.get_or<std::string>("display_name", ""); !display.empty())
          model.set("display_name", display);
        models.push_back(std::move(model));
      }
      after = listing.get_or<std::string>("last_id", "");
      if (!listing.get_or<bool>("has_more", false) || after.empty()) break;
    }
    return models;
  }

  // Capabilities are filled in by the SDK from the flags above; context windows from the table
  // of Claude families and the settings.
  json::Value describe() const override {
    json::Value out = json::Value::object({{"provider", "anthropic"},
                                           {"base_url", agenthost::url_origin(base_url_)},
                                           {"default_max_tokens", max_tokens_},
                                           {"api_key_set", !api_key_.empty()}});
    windows_.describe_into(out);
    return out;
  }

private:
  agenthost::HttpRequest request_to(const std::string& path) const {
    agenthost::HttpRequest http;
    http.url = base_url_ + path;
    if (!api_key_.empty()) http.headers.emplace_back("x-api-key", api_key_);
    http.headers.emplace_back("anthropic-version", version_);
    return http;
  }

  CallError http_error(const agenthost::HttpResponse& response, const agenthost::HttpRequest& request) const {
    return agenthost::http_status_error("Anthropic API", response.status, response.body, request.url, api_key_);
  }

  const agenthost::HostServices host_;
  const std::string base_url_;
  const std::string api_key_;
  const std::string version_;
  const int64_t max_tokens_;
  agenthost::ModelWindows windows_;
};

} // namespace anthropic

AGENTHOST_PLUGIN("anthropic", "1.0.0", "Anthropic Messages API backend (Claude)", anthropic::AnthropicBackend)
