// The `scripted` backend: an offline, deterministic model. Without a script it echoes the last
// user message token by token; with one it plays canned replies, tool calls and failures. It is
// the default deployment's demo backend and what integration tests drive the turn engine with.
#include "conversation.hpp"
#include "response_stream.hpp"
#include "script.hpp"

#include "agenthost/sdk.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace scripted {

namespace json = agenthost::json;

namespace {

constexpr std::string_view kGreeting =
    "Hello! I am the scripted demo backend. Send me a message and I will echo it back.";

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

Chunking chunking_of(const std::string& name) {
  if (name == "word") return Chunking::word;
  if (name == "char") return Chunking::character;
  throw agenthost::CallError::invalid_argument("chunk: must be 'word' or 'char' (got '" + name + "')");
}

} // namespace

class ScriptedBackend : public agenthost::Backend {
public:
  static constexpr const char* type_name = "scripted";
  static constexpr const char* description =
      "Offline, deterministic model: echoes the last user message or plays a script of replies and tool calls";
  static constexpr bool thread_safe = true; // all state is fixed at creation
  static constexpr uint32_t capabilities = AH_BACKEND_TOOLS | AH_BACKEND_PARALLEL_TOOL_CALLS |
                                           AH_BACKEND_STREAMING_TOOL_CALLS | AH_BACKEND_LIST_MODELS;
  static constexpr const char* settings_schema = R"({
    "type": "object",
    "properties": {
      "token_delay_ms": {"type": "integer", "minimum": 0, "maximum": 600000, "default": 30,
                         "description": "pause between streamed tokens, in milliseconds"},
      "script": {"type": "string", "format": "path",
                 "description": "JSON file of scripted replies (see the plugin's README); without it the last user message is echoed"},
      "context_window": {"type": "integer", "minimum": 1, "default": 8192,
                         "description": "context window reported for every model, in tokens"},
      "chunk": {"type": "string", "enum": ["word", "char"], "default": "word",
                "description": "stream text word by word or character by character"}
    },
    "additionalProperties": false
  })";

  explicit ScriptedBackend(const agenthost::Context& context)
      : host_(context.host),
        token_delay_ms_(context.settings.get_or<int64_t>("token_delay_ms", 30)),
        context_window_(context.settings.get_or<int64_t>("context_window", 8192)),
        chunking_(chunking_of(context.settings.get_or<std::string>("chunk", "word"))) {
    // The host validated the settings against the schema; these guard hosts that did not.
    if (token_delay_ms_ < 0) throw agenthost::CallError::invalid_argument("token_delay_ms: must be >= 0");
    if (context_window_ < 1) throw agenthost::CallError::invalid_argument("context_window: must be >= 1");
    const std::string script_path = context.settings.get_or<std::string>("script", "");
    if (!script_path.empty()) script_ = load_script(script_path);
  }

  void chat(agenthost::Call& call, const agenthost::ChatRequest& request) override {
    StreamOptions options;
    options.token_delay_ms = token_delay_ms_;
    options.chunking = chunking_;
    options.input_tokens = estimate_input_tokens(request, host_);
    options.first_call_number = count_tool_calls(request) + 1;
    options.max_output_tokens = max_output_tokens(request);
    ResponseStream stream(call, options);

    const std::string_view user_text = last_user_text(request);
    const Reply* reply = script_ ? script_->find(user_text) : nullptr;
    if (ends_with_tool_results(request)) {
      if (reply && reply->then) return stream.play(*reply->then);
      return stream.reply(describe_tool_results(request));
    }
    if (reply) return stream.play(reply->steps);
    stream.reply(is_blank(user_text) ? kGreeting : user_text);
  }

  json::Value list_models(agenthost::Call& /*call*/) override {
    json::Value models = json::Value::array();
    for (const std::string& name : model_names())
      models.push_back(json::Value::object({{"name", name}, {"context_window", context_window_}}));
    return models;
  }

  // Capabilities are filled in by the SDK from the flags above.
  json::Value describe() const override {
    json::Value models = json::Value::object();
    for (const std::string& name : model_names())
      models.set(name, json::Value::object({{"context_window", context_window_}}));
    return json::Value::object({{"context_window", context_window_}, {"models", models}});
  }

private:
  std::vector<std::string> model_names() const { return script_ ? script_->models : std::vector<std::string>{"demo"}; }

  const agenthost::HostServices host_;
  const int64_t token_delay_ms_;
  const int64_t context_window_;
  const Chunking chunking_;
  std::optional<Script> script_; // set once in the constructor, only read afterwards
};

} // namespace scripted

AGENTHOST_PLUGIN("scripted", "1.0.0", "Offline, deterministic demo backend for demos and tests",
                 scripted::ScriptedBackend)
