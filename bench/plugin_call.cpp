// bench_plugin_call: what crossing the plugin boundary costs, per tool call and per streamed
// token.
//
// "ours" is the host's real call path: the plugin .so loaded by PluginCatalog, an Instance
// created with HostServices, and every call made through Instance (C ABI, the SDK's
// trampolines, JSON arguments, events copied into a CallSink). The reference is the same work
// done in-process with no boundary at all, so the ratio is the overhead a plugin adds.
#include "harness.hpp"

#include "common/logger.hpp"
#include "plugins/host_services.hpp"
#include "plugins/instance.hpp"
#include "plugins/metrics.hpp"
#include "plugins/plugin_catalog.hpp"
#include "plugins/ttl_cache.hpp"

#include "agenthost/json.hpp"
#include "agenthost/settings_schema.hpp"

#include "expression.hpp" // the calculator's evaluator, compiled into this benchmark

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#ifndef CALCULATOR_PLUGIN
#error "CALCULATOR_PLUGIN must name the built calculator plugin"
#endif
#ifndef SCRIPTED_PLUGIN
#error "SCRIPTED_PLUGIN must name the built scripted plugin"
#endif

namespace {

using namespace agenthost;
using namespace agenthost::plugins;

constexpr std::string_view kExpression = "1+2*3";
constexpr int kMessageWords = 1000;

// The host's wiring, with a logger that drops everything: logging is not what is measured.
struct Host {
  Logger logger{LogLevel::error, [](std::string_view) {}};
  TtlCache cache;
  Metrics metrics;
  HostServices services{logger, cache, metrics};
  PluginCatalog catalog = PluginCatalog::from_files({CALCULATOR_PLUGIN, SCRIPTED_PLUGIN});

  Host() {
    for (const Refusal& refusal : catalog.refusals()) bench::mismatch("plugin refused: " + refusal.message());
  }

  // Settings are converted and validated by the code the config loader uses, as in a deployment.
  std::unique_ptr<Instance> create(const std::string& type, const std::vector<settings::RawSetting>& raw) {
    const ComponentInfo* component = catalog.find_type(type);
    if (!component) bench::mismatch("no component '" + type + "' in " CALCULATOR_PLUGIN " or " SCRIPTED_PLUGIN);
    const settings::Result converted = settings::convert(component->settings_schema, raw);
    if (!converted.ok()) bench::mismatch(type + " settings: " + converted.problems.front().message);
    CollectingSink sink;
    auto instance = Instance::create(*component, "bench", json::dump(converted.settings),
                                     InstanceContext{&services, nullptr}, sink);
    if (!instance) bench::mismatch("creating " + type + " failed: " + sink.error_message());
    return instance;
  }
};

// The least a chat consumer does with a stream: keep the reply text, count the events.
class ReplySink : public CallSink {
public:
  bool on_event(const ah_event& event) override {
    ++events;
    if (event.type == AH_EVENT_TEXT_DELTA) reply.append(event.text.ptr, event.text.len);
    return true;
  }
  std::string reply;
  long events = 0;
};

// 1000 words of varied length, separated by single spaces with a newline now and then.
std::string thousand_words() {
  static const char* const words[] = {"the",      "plugin", "boundary", "costs",       "a",       "little", "per",
                                      "call",     "and",    "token",    "streams",     "through", "host",   "events",
                                      "measured", "in",     "one",      "interleaved", "run",     "ratio"};
  std::string text;
  for (int i = 0; i < kMessageWords; ++i) {
    if (i) text += (i % 17 == 0) ? "\n" : " ";
    text += words[(i * 7 + i / 3) % (sizeof words / sizeof *words)];
  }
  return text;
}

// The reference tokenizer: a run of whitespace plus a word per token (how the scripted backend
// cuts words), each appended to the reply as the consumer above does with a delta.
long tokenize_into(std::string_view text, std::string& reply) {
  long tokens = 0;
  std::size_t i = 0;
  auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
  while (i < text.size()) {
    const std::size_t start = i;
    while (i < text.size() && is_space(text[i])) ++i;
    while (i < text.size() && !is_space(text[i])) ++i;
    reply.append(text.data() + start, i - start);
    ++tokens;
  }
  return tokens;
}

std::string tool_result(Instance& calculator, std::string_view arguments) {
  CollectingSink sink;
  if (calculator.invoke(sink, arguments) != AH_OK) bench::mismatch("calculator failed: " + sink.error_message());
  return sink.result();
}

void tool_call_cases(bench::Session& session, Host& host) {
  auto calculator = host.create("calculator", {});
  const std::string arguments = json::dump(json::Value::object({{"expression", std::string(kExpression)}}));

  const std::string direct = calculator::format_number(calculator::evaluate(kExpression));
  if (tool_result(*calculator, arguments) != direct)
    bench::mismatch("the plugin answered '" + tool_result(*calculator, arguments) + "', the evaluator '" + direct +
                    "'");

  session.compare(
      {"tool call \"1+2*3\"", "host -> calculator.so", "evaluate() in-process"},
      [&] { return tool_result(*calculator, arguments); },
      [&] { return calculator::format_number(calculator::evaluate(kExpression)); });
  // The same, but the reference also parses the JSON arguments: what remains is the C ABI, the
  // SDK trampolines and the result event.
  session.compare(
      {"tool call \"1+2*3\", JSON on both sides", "host -> calculator.so", "json::parse + evaluate()"},
      [&] { return tool_result(*calculator, arguments); },
      [&] {
        const json::Value parsed = json::parse(arguments);
        return calculator::format_number(calculator::evaluate(parsed["expression"].as_string()));
      });
}

void chat_case(bench::Session& session, Host& host) {
  auto scripted = host.create("scripted", {{"token_delay_ms", "0", 0}});
  const std::string message = thousand_words();
  json::Value request = json::Value::object({{"model", "demo"}});
  request.set("messages", json::Value::array({json::Value::object({{"role", "user"}, {"content", message}})}));
  const std::string request_json = json::dump(request);

  struct Streamed {
    std::string reply;
    long events;
  };
  auto chat = [&] {
    ReplySink sink;
    if (scripted->chat(sink, request_json) != AH_OK) bench::mismatch("scripted chat failed: " + sink.error_message());
    return Streamed{std::move(sink.reply), sink.events};
  };
  const Streamed checked = chat();
  std::string reference_reply;
  const long tokens = tokenize_into(message, reference_reply);
  if (checked.reply != message || reference_reply != message)
    bench::mismatch("the echoed reply or the tokenized text differs from the message");
  if (checked.events != tokens + 2) // the deltas, then USAGE and FINISH
    bench::mismatch("scripted sent " + std::to_string(checked.events) + " events for " + std::to_string(tokens) +
                    " tokens; expected one per token plus usage and finish");

  const auto measured = session.compare(
      {"chat, " + std::to_string(kMessageWords) + "-word echo", "host -> scripted.so", "whitespace tokenizer"},
      [&] { return chat().events; },
      [&] {
        std::string reply;
        return tokenize_into(message, reply) + static_cast<long>(reply.size());
      });
  if (measured) {
    const double per_token = (measured->ours_ns - measured->reference_ns) / static_cast<double>(tokens);
    session.note("chat: " + std::to_string(tokens) + " tokens per call; boundary cost per token ~ " +
                 bench::detail::format_figure(per_token) +
                 " ns (ours minus reference, divided by tokens; includes the request's JSON parse)");
  }
}

} // namespace

int main(int argc, char** argv) {
  bench::Session session(argc, argv, "Plugin boundary: calls through the host vs the same work in-process");
  Host host;
  tool_call_cases(session, host);
  chat_case(session, host);
  return session.finish();
}
