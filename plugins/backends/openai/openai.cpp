// The `openai` backend: chat completions from OpenAI or any OpenAI-compatible server (vLLM,
// llama.cpp's server, LM Studio, a gateway), streamed over SSE, with tool calls and usage.
// HTTP goes through the host, which owns TLS, timeouts, retries and fallbacks: this plugin only
// speaks the protocol and reports the provider's errors.
#include "chat_body.hpp"
#include "model_table.hpp"
#include "stream_decoder.hpp"

#include "agenthost/http_errors.hpp"
#include "agenthost/model_windows.hpp"
#include "agenthost/sdk.hpp"
#include "agenthost/stream_lines.hpp"

#include <string>
#include <utility>

namespace openai_backend {

namespace json = agenthost::json;
using agenthost::CallError;

namespace {

bool is_success(int status) { return status >= 200 && status < 300; }

std::string without_trailing_slashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string checked_base_url(const std::string& value) {
  const std::string url = without_trailing_slashes(value);
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    throw CallError::invalid_argument("base_url: must start with http:// or https:// (got " +
                                      agenthost::quote_for_message(agenthost::url_origin(value)) +
                                      "), e.g. https://api.openai.com/v1 or http://127.0.0.1:8000/v1");
  }
  return url;
}

} // namespace

class OpenAiBackend : public agenthost::Backend {
public:
  static constexpr const char* type_name = "openai";
  static constexpr const char* description =
      "OpenAI chat completions, or any OpenAI-compatible server (vLLM, llama.cpp, LM Studio), streamed with tool calls";
  static constexpr bool thread_safe = true; // settings are fixed at creation; each chat has its own state
  static constexpr uint32_t capabilities = AH_BACKEND_TOOLS | AH_BACKEND_PARALLEL_TOOL_CALLS |
                                           AH_BACKEND_STREAMING_TOOL_CALLS | AH_BACKEND_LIST_MODELS;
  static constexpr const char* settings_schema = R"schema({
    "type": "object",
    "properties": {
      "base_url": {"type": "string", "minLength": 1, "default": "https://api.openai.com/v1",
                   "description": "API root of the server, up to and including /v1"},
      "api_key": {"type": "string", "default": "",
                  "description": "sent as 'Authorization: Bearer'; leave empty for local servers; use ${OPENAI_API_KEY} rather than the key itself"},
      "organization": {"type": "string", "default": "",
                       "description": "OpenAI organization id sent as OpenAI-Organization (optional)"},
      "max_tokens_field": {"type": "string", "enum": ["max_tokens", "max_completion_tokens"], "default": "max_tokens",
                           "description": "request field that carries params.max_tokens; OpenAI's reasoning models need max_completion_tokens"},
      "context_window": {"type": "integer", "minimum": 0, "default": 0,
                         "description": "context window, in tokens, of a model that neither context_windows nor the built-in table of OpenAI model families knows; 0 = unknown"},
      "context_windows": {"type": "object", "default": {},
                          "description": "context window per model name or name prefix, in tokens, e.g. {\"llama-3.1-70b\": 131072}; replaces a built-in entry with the same name"}
    },
    "additionalProperties": false
  })schema";

  explicit OpenAiBackend(const agenthost::Context& context)
      : host_(context.host),
        base_url_(checked_base_url(context.settings.get_or<std::string>("base_url", "https://api.openai.com/v1"))),
        api_key_(context.settings.get_or<std::string>("api_key", "")),
        organization_(context.settings.get_or<std::string>("organization", "")),
        provider_(agenthost::url_origin(base_url_) == "https://api.openai.com" ? "OpenAI" : "The server"),
        windows_(openai_context_windows(), context.settings.get_or<int64_t>("context_window", 0)) {
    body_options_.max_tokens_field = context.settings.get_or<std::string>("max_tokens_field", "max_tokens");
    if (const json::Value* windows = context.settings.find("context_windows")) windows_.apply_setting(*windows);
  }

  void chat(agenthost::Call& call, const agenthost::ChatRequest& request) override {
    agenthost::HttpRequest http = request_to("/chat/completions", "POST", "text/event-stream");
    http.headers.emplace_back("Content-Type", "application/json");
    http.body = json::dump(chat_body(request, body_options_));

    StreamDecoder decoder(call);
    agenthost::SseReader reader;
    std::size_t events = 0;
    auto on_event = [&](const agenthost::SseEvent& event) {
      ++events;
      if (event.type == "message") decoder.on_data(event.data);
      else if (event.type == "error") throw CallError::upstream("the server sent an error event: " + std::string(event.data));
    };
    auto on_comment = [&](std::string_view /*comment*/) { call.keepalive(); }; // servers' ": keep-alive" lines

    // A 2xx body streams into the reader as it arrives (nothing buffered); its exceptions travel
    // through the host and out of http_stream. An error body is kept, capped, for the message.
    const agenthost::HttpResponse response = host_.http_stream(call, http, [&](std::string_view chunk) {
      reader.feed(chunk, on_event, on_comment);
      return true;
    });
    if (!is_success(response.status)) throw http_error(response, http);
    reader.finish(on_event);
    if (events == 0) {
      throw CallError::upstream("the server at " + agenthost::url_origin(http.url) +
                                " answered without an event stream; check that base_url is an OpenAI-compatible API root "
                                "(usually ending in /v1)");
    }
    decoder.on_end();
  }

  json::Value list_models(agenthost::Call& call) override {
    const agenthost::HttpRequest http = request_to("/models", "GET", "application/json");
    const agenthost::HttpResponse response = host_.http(call, http);
    if (!is_success(response.status)) throw http_error(response, http);
    json::Value listing;
    try {
      listing = json::parse(response.body);
    } catch (const json::ParseError& e) {
      throw CallError::upstream("the model list from " + agenthost::url_origin(http.url) + " is not valid JSON: " + e.what());
    }
    const json::Value& data = listing["data"];
    if (!data.is_array()) {
      throw CallError::upstream("the model list from " + agenthost::url_origin(http.url) +
                                " has no \"data\" array; is base_url an OpenAI-compatible API root?");
    }
    json::Value models = json::Value::array();
    for (const json::Value& model : data.as_array()) {
      const json::Value& id = model["id"];
      if (!id.is_string()) continue;
      json::Value entry = json::Value::object({{"name", id.as_string()}});
      if (const json::Value& owner = model["owned_by"]; owner.is_string()) entry.set("owned_by", owner.as_string());
      // vLLM says how long a context it serves; otherwise the table and the settings know.
      if (const json::Value& served = model["max_model_len"]; served.is_int() && served.as_int() > 0)
        entry.set("context_window", served.as_int());
      else if (const auto window = windows_.lookup(id.as_string())) entry.set("context_window", *window);
      models.push_back(std::move(entry));
    }
    return models;
  }

  // Capabilities are filled in by the SDK from the flags above; context windows from the table
  // of OpenAI model families and the settings. Never the key itself.
  json::Value describe() const override {
    json::Value out =
        json::Value::object({{"base_url", agenthost::url_origin(base_url_)}, {"api_key_set", !api_key_.empty()}});
    windows_.describe_into(out);
    return out;
  }

private:
  agenthost::HttpRequest request_to(const char* path, const char* method, const char* accept) const {
    agenthost::HttpRequest http;
    http.method = method;
    http.url = base_url_ + path;
    http.headers.emplace_back("Accept", accept);
    if (!api_key_.empty()) http.headers.emplace_back("Authorization", "Bearer " + api_key_);
    if (!organization_.empty()) http.headers.emplace_back("OpenAI-Organization", organization_);
    return http;
  }

  CallError http_error(const agenthost::HttpResponse& response, const agenthost::HttpRequest& request) const {
    return agenthost::http_status_error(provider_, response.status, response.body, request.url, api_key_);
  }

  const agenthost::HostServices host_;
  const std::string base_url_;
  const std::string api_key_;
  const std::string organization_;
  const std::string provider_; // how messages name the other side
  agenthost::ModelWindows windows_;
  BodyOptions body_options_;
};

} // namespace openai_backend

AGENTHOST_PLUGIN("openai", "1.0.0", "OpenAI and OpenAI-compatible chat backends", openai_backend::OpenAiBackend)
