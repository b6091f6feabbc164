#include "strategy_timing.hpp"

#include "common/logger.hpp"
#include "plugins/host_services.hpp"
#include "plugins/instance.hpp"
#include "plugins/metrics.hpp"
#include "plugins/plugin_catalog.hpp"
#include "plugins/ttl_cache.hpp"

#include "agenthost/context_window.hpp"
#include "agenthost/json.hpp"
#include "agenthost/settings_schema.hpp"
#include "agenthost/testing.hpp"

#include <cstdio>
#include <functional>
#include <sstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#if !defined(SLIDING_WINDOW_PLUGIN) || !defined(TOKEN_BUDGET_PLUGIN) || !defined(SUMMARIZATION_PLUGIN)
#error "the three strategy plugin paths must be defined"
#endif

namespace context_bench {
namespace {

using namespace agenthost;
using namespace agenthost::plugins;

// A conversation like a long agent session: user/assistant exchanges of ~200 characters, every
// fourth exchange an assistant calling two tools with their results; one system prompt.
std::string request_json(std::size_t message_count) {
  const std::string text =
      "The quick brown fox checks the deployment logs, finds the failing health check and proposes a fix for the "
      "retry loop in the worker pool; then it asks whether to roll the change out to staging first.";
  json::Value messages = json::Value::array();
  std::size_t id = 0;
  auto add = [&](json::Value m) {
    m.set("id", "msg_" + std::to_string(id++));
    m.set("tokens", static_cast<std::int64_t>(m["content"].as_string().size() / 4 + 4));
    messages.push_back(std::move(m));
  };
  add(json::Value::object({{"role", "system"}, {"content", "You are a careful operations assistant."}}));
  for (std::size_t exchange = 0; messages.size() < message_count; ++exchange) {
    add(json::Value::object({{"role", "user"}, {"content", text}}));
    if (exchange % 4 == 3 && messages.size() + 4 <= message_count) {
      const std::string a = "call_" + std::to_string(exchange) + "a", b = "call_" + std::to_string(exchange) + "b";
      add(json::Value::object(
          {{"role", "assistant"},
           {"content", ""},
           {"tool_calls", json::Value::array({json::Value::object({{"id", a}, {"name", "logs"}, {"arguments", "{\"n\":50}"}}),
                                              json::Value::object({{"id", b}, {"name", "health"}, {"arguments", "{}"}})})}}));
      add(json::Value::object({{"role", "tool"}, {"tool_call_id", a}, {"name", "logs"}, {"content", text}}));
      add(json::Value::object({{"role", "tool"}, {"tool_call_id", b}, {"name", "health"}, {"content", "ok"}}));
    }
    if (messages.size() < message_count) add(json::Value::object({{"role", "assistant"}, {"content", text}}));
  }
  json::Value request = json::Value::object(
      {{"messages", std::move(messages)},
       {"budget", json::Value::object({{"context_window", 128000}, {"max_output_tokens", 4096}})},
       {"model", "bench-model"},
       {"backend", "bench"},
       {"state", nullptr},
       {"estimator", json::Value::object({{"char_ratio", 4.0}, {"message_overhead", 4}, {"safety_margin", 0.1}})}});
  return json::dump(request);
}

struct Host {
  Logger logger{LogLevel::error, [](std::string_view) {}};
  TtlCache cache;
  Metrics metrics;
  plugins::HostServices services{logger, cache, metrics};
  PluginCatalog catalog = PluginCatalog::from_files({SLIDING_WINDOW_PLUGIN, TOKEN_BUDGET_PLUGIN});

  Host() {
    for (const Refusal& refusal : catalog.refusals()) bench::mismatch("plugin refused: " + refusal.message());
  }
  std::unique_ptr<Instance> create(const std::string& type, const std::vector<settings::RawSetting>& raw) {
    const ComponentInfo* component = catalog.find_type(type);
    if (!component) bench::mismatch("no component '" + type + "'");
    const settings::Result converted = settings::convert(component->settings_schema, raw);
    if (!converted.ok()) bench::mismatch(type + " settings: " + converted.problems.front().message);
    CollectingSink sink;
    auto instance = Instance::create(*component, "bench", json::dump(converted.settings),
                                     InstanceContext{&services, nullptr}, sink);
    if (!instance) bench::mismatch("creating " + type + " failed: " + sink.error_message());
    return instance;
  }
};

agenthost::context_window::Report report_of(const char* strategy) {
  agenthost::context_window::Report report;
  report.strategy = strategy;
  return report;
}

// The kept-message count, so a run that silently failed cannot pass for a fast one.
std::size_t kept_of(const std::string& result_json) {
  return static_cast<std::size_t>(json::parse(result_json)["report"]["kept"].as_int());
}

} // namespace

std::string time_strategies(bench::Session& session) {
  Host host;
  auto window = host.create("sliding_window", {{"max_messages", "20", 0}});
  auto budget = host.create("token_budget", {{"max_tokens", "8192", 0}});
  testing::FakeHost fake;
  fake.load(SUMMARIZATION_PLUGIN);
  fake.complete = [](std::string_view, const json::Value&) { return std::string("a short summary of the earlier talk"); };
  auto summarize = fake.create("summarization", {{"backend", "fast"}, {"max_tokens", "8192"}});

  auto through_host = [](Instance& instance, const std::string& request) {
    CollectingSink sink;
    if (instance.apply(sink, request) != AH_OK) bench::mismatch("apply failed: " + sink.error_message());
    return sink.result();
  };
  auto through_fake = [&](const std::string& request) {
    const testing::CallResult r = summarize.apply(request);
    if (!r.ok()) bench::mismatch("summarization failed: " + r.error);
    return r.result();
  };

  const std::vector<std::size_t> sizes = {10, 1000, 100000};
  std::map<std::string, std::map<std::size_t, double>> per_message_ns;
  const std::vector<std::string> case_names = {"sliding_window selection", "token_budget selection", "sliding_window",
                                               "token_budget", "summarization"};
  for (std::size_t n : sizes) {
    // Building a 100k-message request takes a while: only for sizes --filter lets through.
    bool wanted = false;
    for (const std::string& name : case_names) wanted = wanted || session.selects(name + ", " + std::to_string(n) + " messages");
    if (!wanted) continue;
    const std::string request = request_json(n);
    auto parse_dump = [&] { return json::dump(json::parse(request)); };
    struct Side {
      std::string name, path;
      std::function<std::string()> run;
    };
    const std::vector<Side> sides = {
        {"sliding_window", "host -> sliding_window.so", [&] { return through_host(*window, request); }},
        {"token_budget", "host -> token_budget.so", [&] { return through_host(*budget, request); }},
        {"summarization", "FakeHost -> summarization.so", [&] { return through_fake(request); }}};
    // The selection alone, in-process on the parsed request (context_window.hpp, as the plugins
    // run it): what a strategy costs without the JSON boundary.
    const json::Value parsed = json::parse(request);
    const agenthost::HostServices no_host;
    const json::Value budget_settings = json::Value::object({{"max_tokens", 8192}});
    namespace cw = agenthost::context_window;
    const std::vector<Side> selections = {
        {"sliding_window selection", "context_window.hpp on the parsed request",
         [&] {
           const cw::Conversation c = cw::read_conversation(parsed, no_host);
           cw::Selection keep(c.messages.size(), 0);
           cw::keep_systems(c, keep);
           cw::Limits limits;
           limits.max_messages = 20;
           limits.keep_turn_in_progress = true;
           cw::keep_newest(c, 0, limits, keep);
           return json::dump(cw::make_result(c, keep, json::Value(), report_of("sliding_window")));
         }},
        {"token_budget selection", "context_window.hpp on the parsed request", [&] {
           const cw::Conversation c = cw::read_conversation(parsed, no_host);
           cw::Selection keep(c.messages.size(), 0);
           cw::fit_budget(c, cw::resolve_budget(budget_settings, parsed, "token_budget"), 0, 0, keep);
           return json::dump(cw::make_result(c, keep, json::Value(), report_of("token_budget")));
         }}};
    for (const Side& side : selections) {
      if (kept_of(side.run()) == 0) bench::mismatch(side.name + " kept nothing of " + std::to_string(n) + " messages");
      const auto m = session.compare({side.name + ", " + std::to_string(n) + " messages", side.path,
                                      "json parse + dump of the request", static_cast<double>(request.size())},
                                     side.run, parse_dump);
      if (m) per_message_ns[side.name][n] = m->ours_ns / static_cast<double>(n);
    }
    for (const Side& side : sides) {
      if (kept_of(side.run()) == 0) bench::mismatch(side.name + " kept nothing of " + std::to_string(n) + " messages");
      const auto m = session.compare({side.name + ", " + std::to_string(n) + " messages", side.path,
                                      "json parse + dump of the request", static_cast<double>(request.size())},
                                     side.run, parse_dump);
      if (m) per_message_ns[side.name][n] = m->ours_ns / static_cast<double>(n);
    }
  }
  session.note("request: one system prompt, user/assistant exchanges of ~200 characters, every fourth with two tool "
               "calls and results; sliding_window max_messages 20, token_budget and summarization max_tokens 8192 "
               "(summarization's summarizer answers instantly)");

  std::ostringstream out;
  out << "\n### Per message\n\n| strategy | 10 msgs µs/msg | 1k msgs µs/msg | 100k msgs µs/msg | 100k/10 per message |\n"
               "|---|---:|---:|---:|---:|\n";
  for (const auto& [name, figures] : per_message_ns) {
    out << "| " << name;
    for (std::size_t n : sizes) {
      const auto it = figures.find(n);
      out << " | " << (it == figures.end() ? std::string("-") : bench::detail::format_figure(it->second / 1000));
    }
    const bool both = figures.count(10) && figures.count(100000);
    out << " | " << (both ? bench::detail::format_fixed(figures.at(100000) / figures.at(10), 2) : std::string("-"))
              << " |\n";
  }
  out << "\ngoal: linear (100k/10 per message about 1 or below) and <= 1 µs/message for sliding_window and "
         "token_budget\n";
  return out.str();
}

} // namespace context_bench
