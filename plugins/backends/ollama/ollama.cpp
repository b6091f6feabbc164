// The `ollama` backend: chat with streaming and tool calls, model listing and pulling against an
// Ollama server's native API (/api/chat, /api/tags, /api/pull). Retries, deadlines and fallback
// are the host's job; this plugin reports what happened as precisely as Ollama lets it.
#include "chat_request_body.hpp"
#include "chat_stream_parser.hpp"
#include "ollama_http.hpp"
#include "pull_stream_parser.hpp"
#include "model_info.hpp"

#include "agenthost/model_windows.hpp"
#include "agenthost/sdk.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace ollama {

namespace json = agenthost::json;
using agenthost::CallError;

namespace {

std::string base_url_of(const json::Value& settings) {
  std::string url = settings.get_or<std::string>("base_url", "http://127.0.0.1:11434");
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    throw CallError::invalid_argument("base_url: must start with http:// or https:// (got " +
                                      agenthost::url_origin(url) + ")");
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// Forwards parsed chat events to the host.
class CallSink final : public ChatEventSink {
public:
  explicit CallSink(agenthost::Call& call) : call_(call) {}
  void text(std::string_view delta) override { call_.text(delta); }
  void reasoning(std::string_view delta) override { call_.reasoning(delta); }
  void tool_call(int index, std::string_view id, std::string_view name, std::string_view arguments) override {
    call_.tool_call(index, id, name, arguments);
  }
  void usage(int64_t input_tokens, int64_t output_tokens) override { call_.usage(input_tokens, output_tokens); }
  void finish(std::string_view reason) override { call_.finish(reason); }

private:
  agenthost::Call& call_;
};

// Ids for tool calls must not repeat within a conversation; the request's length differs on
// every turn, so it makes them unique there while staying deterministic.
std::string call_id_prefix(const agenthost::ChatRequest& request) {
  return "ollama_" + std::to_string(request.messages.size()) + "_";
}

} // namespace

class OllamaBackend : public agenthost::Backend {
public:
  static constexpr const char* type_name = "ollama";
  static constexpr const char* description = "Ollama server (native API): streamed chat with tools, model list and pull";
  static constexpr bool thread_safe = true; // all state is fixed at creation
  static constexpr uint32_t capabilities =
      AH_BACKEND_TOOLS | AH_BACKEND_PARALLEL_TOOL_CALLS | AH_BACKEND_LIST_MODELS | AH_BACKEND_PULL_MODELS;
  static constexpr const char* settings_schema = R"schema({
    "type": "object",
    "properties": {
      "base_url": {"type": "string", "default": "http://127.0.0.1:11434",
                   "description": "the Ollama server, without /api"},
      "api_key": {"type": "string", "default": "",
                  "description": "sent as 'Authorization: Bearer <key>' when set (for an authenticating proxy in front of Ollama)"},
      "keep_alive": {"type": "string", "default": "",
                     "description": "how long Ollama keeps the model loaded after a request: a duration such as 5m, or seconds (-1 = forever); empty = the server's default"},
      "options": {"type": "object", "default": {},
                  "description": "Ollama model options (JSON object, e.g. {\"num_ctx\": 8192}) sent with every chat; the request's own parameters override them"},
      "context_window": {"type": "integer", "minimum": 0, "default": 0,
                         "description": "context window to report for a model whose own is not known (see context_windows), in tokens; 0 = unknown"},
      "context_windows": {"type": "object", "default": {},
                          "description": "context window per model (or model-name prefix), in tokens, e.g. {\"llama3.1\": 32768}; replaces what /api/show reports"}
    },
    "additionalProperties": false
  })schema";

  explicit OllamaBackend(const agenthost::Context& context)
      : host_(context.host),
        endpoint_{base_url_of(context.settings), context.settings.get_or<std::string>("api_key", "")},
        windows_({}, context.settings.get_or<int64_t>("context_window", 0)) {
    defaults_.keep_alive = context.settings.get_or<std::string>("keep_alive", "");
    if (const json::Value* options = context.settings.find("options"); options && !options->is_null()) {
      if (!options->is_object()) throw CallError::invalid_argument("options: must be a JSON object");
      defaults_.options = *options;
    }
    if (const json::Value* windows = context.settings.find("context_windows")) windows_.apply_setting(*windows);
  }

  void chat(agenthost::Call& call, const agenthost::ChatRequest& request) override {
    if (request.model.empty()) {
      throw CallError::invalid_argument("no model given: set the agent's model to an Ollama model name (e.g. llama3.2)");
    }
    const std::string body = json::dump(chat_request_body(request, defaults_));
    CallSink sink(call);
    ChatStreamParser parser(sink, call_id_prefix(request));
    stream_exchange(host_, call, endpoint_, "/api/chat", body, [&](std::string_view chunk) { parser.feed(chunk); },
                    [&] { parser.finish(); });
    // After the answer, so the first token never waits for it: describe() reports it from now on.
    learn_model(call, request.model);
  }

  json::Value list_models(agenthost::Call& call) override {
    const json::Value tags = exchange_json(host_, call, endpoint_, "GET", "/api/tags");
    const json::Value* models = tags.find("models");
    if (!models || !models->is_array()) {
      throw CallError::upstream("Ollama's /api/tags answer has no \"models\" array: " +
                                agenthost::quote_for_message(json::dump(tags), 80));
    }
    json::Value out = json::Value::array();
    for (const json::Value& model : models->as_array()) {
      const std::string name = model.get_or<std::string>("name", model.get_or<std::string>("model", ""));
      if (name.empty()) continue;
      json::Value entry = json::Value::object({{"name", name}});
      for (const char* key : {"size", "modified_at", "digest", "details"}) {
        if (const json::Value* v = model.find(key)) entry.set(key, *v);
      }
      learn_model(call, name);
      if (const auto known = model_info(name)) {
        if (known->context_window > 0) entry.set("context_window", known->context_window);
        if (known->capabilities.is_array()) entry.set("capabilities", known->capabilities);
      }
      out.push_back(std::move(entry));
    }
    return out;
  }

  void pull_model(agenthost::Call& call, std::string_view model) override {
    if (model.empty()) throw CallError::invalid_argument("no model given to pull");
    PullStreamParser parser([&call](std::string_view status, int64_t completed, int64_t total) {
      call.progress(status, completed, total);
    });
    const std::string body = json::dump(json::Value::object({{"model", model}, {"stream", true}}));
    stream_exchange(host_, call, endpoint_, "/api/pull", body, [&](std::string_view chunk) { parser.feed(chunk); },
                    [&] { parser.finish(); });
  }

  // Capabilities come from the flags above (filled in by the SDK). Ollama does not stream a
  // tool call's arguments: each call arrives whole. Context windows: the models learned so far
  // (a chat or a listing asks /api/show once per model) and the operator's context_windows.
  json::Value describe() const override {
    json::Value out = json::Value::object({{"base_url", agenthost::url_origin(endpoint_.base_url)}});
    std::lock_guard<std::mutex> lock(mutex_);
    windows_.describe_into(out);
    return out;
  }

private:
  // Asks /api/show about `model` once per instance and remembers its context window. Best
  // effort: a server without /api/show, or a failure, leaves the model unknown.
  void learn_model(agenthost::Call& call, const std::string& model) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (shown_.count(model) != 0) return;
    }
    if (call.cancelled()) return;
    ModelInfo info;
    try {
      const json::Value show = exchange_json(host_, call, endpoint_, "POST", "/api/show",
                                             json::dump(json::Value::object({{"model", model}})));
      info = model_info_from_show(show, defaults_.options);
    } catch (const CallError& e) {
      if (e.status() == AH_ERR_CANCELLED) throw;
      host_.debug("could not read the context window of " + agenthost::quote_for_message(model) + ": " + e.what());
    }
    std::lock_guard<std::mutex> lock(mutex_);
    shown_[model] = info;
    // An operator's exact entry wins over what the server says.
    if (info.context_window > 0 && !windows_.has_model(model)) windows_.set_model(model, info.context_window);
  }

  std::optional<ModelInfo> model_info(const std::string& model) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = shown_.find(model);
    if (it == shown_.end()) return std::nullopt;
    ModelInfo info = it->second;
    info.context_window = windows_.lookup(model).value_or(0);
    return info;
  }

  const agenthost::HostServices host_;
  const Endpoint endpoint_;
  ChatDefaults defaults_;
  mutable std::mutex mutex_; // guards windows_ and shown_: chats on several threads learn models
  agenthost::ModelWindows windows_;
  std::map<std::string, ModelInfo> shown_;
};

} // namespace ollama

AGENTHOST_PLUGIN("ollama", "1.0.0", "Ollama backend: streamed chat, tool calls, model list and pull",
                 ollama::OllamaBackend)
