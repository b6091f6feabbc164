// bench_turns_latency: what the host adds to a streamed reply.
//
// The upstream is the scripted backend, paced (--delay-ms between tokens, --tokens words).
//   direct:  this process loads the plugin and reads the stream itself (Instance::chat), as a
//            client talking to the upstream would;
//   host:    `agenthost serve` runs the turn (queue, store, event log, coalescing, SSE) and this
//            process reads the conversation's event stream over HTTP.
// Printed side by side, per round then as medians: time to first token (from the request to
// the first text), and CPU per token (direct: this process's CPU; host: the host process's
// CPU from /proc, which includes the same plugin work plus everything the host adds).
#include "first_token_sink.hpp"
#include "harness.hpp"

#include "common/logger.hpp"
#include "plugins/host_services.hpp"
#include "plugins/instance.hpp"
#include "plugins/metrics.hpp"
#include "plugins/plugin_catalog.hpp"
#include "plugins/ttl_cache.hpp"

#include "agenthost/json.hpp"
#include "agenthost/settings_schema.hpp"

#include "host_process.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#ifndef SCRIPTED_PLUGIN
#error "SCRIPTED_PLUGIN must name the built scripted plugin"
#endif

using namespace agenthost;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  int tokens = 400;
  int delay_ms = 5;
  int rounds = 5;
};

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (key == "--tokens") options.tokens = value;
    else if (key == "--delay-ms") options.delay_ms = value;
    else if (key == "--rounds") options.rounds = value;
    else bench::mismatch("unknown option " + key + "; use --tokens N --delay-ms MS --rounds N");
  }
  if (options.tokens < 2 || options.rounds < 1 || options.delay_ms < 0) bench::mismatch("options out of range");
  return options;
}

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

std::string words(int count) {
  std::string text = "w0";
  for (int i = 1; i < count; ++i) text += " w" + std::to_string(i);
  return text;
}

using Sample = bench::TurnSample;

// The upstream read directly: the plugin in this process.
class DirectClient {
public:
  explicit DirectClient(int delay_ms) {
    for (const plugins::Refusal& refusal : catalog_.refusals()) bench::mismatch("plugin refused: " + refusal.message());
    const plugins::ComponentInfo* component = catalog_.find_type("scripted");
    if (!component) bench::mismatch("no scripted component in " SCRIPTED_PLUGIN);
    const settings::Result converted =
        settings::convert(component->settings_schema, {{"token_delay_ms", std::to_string(delay_ms), 0}});
    if (!converted.ok()) bench::mismatch("scripted settings: " + converted.problems.front().message);
    plugins::CollectingSink sink;
    instance_ = plugins::Instance::create(*component, "bench", json::dump(converted.settings),
                                          plugins::InstanceContext{&services_, nullptr}, sink);
    if (!instance_) bench::mismatch("creating the scripted backend failed: " + sink.error_message());
  }

  Sample run(const std::string& content, int tokens) {
    const std::string request = json::dump(json::Value::object(
        {{"model", "demo"},
         {"messages", json::Value::array({json::Value::object({{"role", "user"}, {"content", content}})})}}));
    bench::FirstTokenSink sink;
    const double cpu_before = process_cpu_seconds();
    const Clock::time_point start = Clock::now();
    if (instance_->chat(sink, request) != AH_OK) bench::mismatch("direct chat failed: " + sink.error_message());
    const double cpu = process_cpu_seconds() - cpu_before;
    if (sink.text != content || !sink.first) bench::mismatch("the direct stream did not echo the message");
    return Sample{std::chrono::duration<double, std::milli>(*sink.first - start).count(), cpu * 1e6 / tokens};
  }

private:
  Logger logger_{LogLevel::error, [](std::string_view) {}};
  plugins::TtlCache cache_;
  plugins::Metrics metrics_;
  plugins::HostServices services_{logger_, cache_, metrics_};
  plugins::PluginCatalog catalog_ = plugins::PluginCatalog::from_files({SCRIPTED_PLUGIN});
  std::unique_ptr<plugins::Instance> instance_;
};

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  const std::string content = words(options.tokens);
  DirectClient direct(options.delay_ms);
  bench::HostProcess host(AGENTHOST_BIN, options.delay_ms);

  std::printf("turns latency (%s build): %d tokens, %d ms apart, %d rounds\n", AGENTHOST_BUILD_TYPE, options.tokens,
              options.delay_ms, options.rounds);
  std::printf("%-6s %14s %14s %16s %16s\n", "round", "ttft direct", "ttft host", "cpu/token direct",
              "cpu/token host");
  std::vector<double> ttft_direct, ttft_host, cpu_direct, cpu_host;
  for (int round = 0; round < options.rounds; ++round) {
    // Alternate which side goes first, as the shared harness does.
    Sample d, h;
    if (round % 2 == 0) {
      d = direct.run(content, options.tokens);
      h = host.run(content, options.tokens);
    } else {
      h = host.run(content, options.tokens);
      d = direct.run(content, options.tokens);
    }
    std::printf("%-6d %11.2f ms %11.2f ms %13.1f us %13.1f us\n", round + 1, d.first_token_ms, h.first_token_ms,
                d.cpu_us_per_token, h.cpu_us_per_token);
    ttft_direct.push_back(d.first_token_ms);
    ttft_host.push_back(h.first_token_ms);
    cpu_direct.push_back(d.cpu_us_per_token);
    cpu_host.push_back(h.cpu_us_per_token);
  }
  const double td = median(ttft_direct), th = median(ttft_host), cd = median(cpu_direct), ch = median(cpu_host);
  std::printf("median %11.2f ms %11.2f ms %13.1f us %13.1f us\n", td, th, cd, ch);
  std::printf("host-added time to first token: %.2f ms\n", th - td);
  std::printf("host-added CPU per token: %.1f us (host/direct ratio %.1f)\n", ch - cd, cd > 0 ? ch / cd : 0.0);
  return 0;
}
