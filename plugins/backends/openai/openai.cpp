// The `openai` backend: chat completions from OpenAI or any OpenAI-compatible server (vLLM,
// llama.cpp's server, LM Studio, a gateway), streamed over SSE, with tool calls and usage.
// HTTP goes through the host, which owns TLS, timeouts, retries and fallbacks: this plugin only
// speaks the protocol and reports the provider's errors.
#include "chat_body.hpp"
#include "provider_error.hpp"
#include "sse_parser.hpp"
#include "stream_decoder.hpp"

#include "agenthost/sdk.hpp"

#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

namespace openai_backend {

namespace json = agenthost::json;
using agenthost::CallError;

namespace {

// Bytes of a response kept for an error message: an error body is small, a stream is not kept.
constexpr std::size_t kErrorBodyBytes = 64 * 1024;

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
                           "description": "request field that carries params.max_tokens; OpenAI's reasoning models need max_completion_tokens"}
    },
    "additionalProperties": false
  })schema";

  explicit OpenAiBackend(const agenthost::Context& context)
      : host_(context.host),
        base_url_(checked_base_url(context.settings.get_or<std::string>("base_url", "https://api.openai.com/v1"))),
        api_key_(context.settings.get_or<std::string>("api_key", "")),
        organization_(context.settings.get_or<std::string>("organization", "")) {
    body_options_.max_tokens_field = context.settings.get_or<std::string>("max_tokens_field", "max_tokens");
  }

  void chat(agenthost::Call& call, const agenthost::ChatRequest& request) override {
    agenthost::HttpRequest http = request_to("/chat/completions", "POST", "text/event-stream");
    http.headers.emplace_back("Content-Type", "application/json");
    http.body = json::dump(chat_body(request, body_options_));

    StreamDecoder decoder(call);
    std::size_t events = 0;
    SseParser parser(
        [&](const SseEvent& event) {
          ++events;
          if (event.type.empty() || event.type == "message") decoder.on_data(event.data);
          else if (event.type == "error") throw CallError::upstream("the server sent an error event: " + event.data);
        },
        [&](std::string_view /*comment*/) { call.keepalive(); }); // servers' ": keep-alive" lines

    std::string head_of_body; // for the error message when the status is not 2xx
    std::exception_ptr stream_failure;
    const agenthost::HttpResponse response = host_.http(call, http, [&](std::string_view chunk) {
      if (head_of_body.size() < kErrorBodyBytes) head_of_body.append(chunk.substr(0, kErrorBodyBytes - head_of_body.size()));
      // The status is only known once http() returns: hold a failure until then, so an error
      // body that happens to look malformed as SSE is still reported as the HTTP error it is.
      try {
        feed(parser, chunk);
        return true;
      } catch (...) {
        stream_failure = std::current_exception();
        return false;
      }
    });
    if (!is_success(response.status)) throw http_error(response.status, head_of_body, http.url, api_key_);
    if (stream_failure) std::rethrow_exception(stream_failure);
    feed(parser, {}, /*end_of_stream=*/true);
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
    if (!is_success(response.status)) throw http_error(response.status, response.body, http.url, api_key_);
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
      models.push_back(std::move(entry));
    }
    return models;
  }

  // Capabilities are filled in by the SDK from the flags above. Never the key itself.
  json::Value describe() const override {
    return json::Value::object({{"base_url", agenthost::url_origin(base_url_)}, {"api_key_set", !api_key_.empty()}});
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

  // A parser refusing an oversized line is the server's fault, reported as such.
  static void feed(SseParser& parser, std::string_view chunk, bool end_of_stream = false) {
    try {
      if (end_of_stream) parser.finish();
      else parser.feed(chunk);
    } catch (const std::length_error& e) {
      throw CallError::upstream(e.what());
    }
  }

  const agenthost::HostServices host_;
  const std::string base_url_;
  const std::string api_key_;
  const std::string organization_;
  BodyOptions body_options_;
};

} // namespace openai_backend

AGENTHOST_PLUGIN("openai", "1.0.0", "OpenAI and OpenAI-compatible chat backends", openai_backend::OpenAiBackend)
