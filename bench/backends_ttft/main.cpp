// bench_backends_ttft: the time to first token the host adds on its backend call path (issue 5).
//
// One ProviderFake on loopback streams the same reply for each provider (ollama, openai,
// anthropic), with no delay of its own, so what is measured is the client side:
//   host:    runtime::BackendCaller (the fault layer: attempt sink, deadline watchdog) → the
//            provider's real plugin (built .so, loaded as serve loads it) → the host's outbound
//            HTTP service → the fake; time until the first text delta reaches the caller's sink;
//   direct:  a Poco HTTPClientSession posting the very request the plugin sent (path, headers
//            and body, as the fake recorded them) and reading the body until the first token's
//            text has arrived in full.
// Both read the whole stream each time (the fake closes nothing early) and both open a new
// connection per request. Rounds interleave the sides, alternating which goes first; the table
// gives per-side medians and p90 in µs, the median host-added µs and the median per-round ratio.
#include "first_token_sink.hpp"
#include "harness.hpp"

#include "common/logger.hpp"
#include "plugins/call_sink.hpp"
#include "plugins/host_services.hpp"
#include "plugins/instance.hpp"
#include "plugins/metrics.hpp"
#include "plugins/plugin_catalog.hpp"
#include "plugins/ttl_cache.hpp"
#include "provider_fake.hpp"
#include "runtime/backend_caller.hpp"
#include "wire_formats.hpp"

#include "agenthost/chat.hpp"
#include "agenthost/json.hpp"
#include "agenthost/settings_schema.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#if !defined(OLLAMA_PLUGIN) || !defined(OPENAI_PLUGIN) || !defined(ANTHROPIC_PLUGIN)
#error "OLLAMA_PLUGIN, OPENAI_PLUGIN and ANTHROPIC_PLUGIN must name the built backend plugins"
#endif

using namespace agenthost;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kReply = "Streaming reply from the fake provider, in twelve small pieces for the benchmark.";
constexpr int kTokens = 12;

struct Options {
  int rounds = 200;
};

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; i += 2) {
    const std::string key = argv[i];
    if (key != "--rounds" || i + 1 >= argc) bench::mismatch("unknown option '" + key + "'; use --rounds N");
    options.rounds = std::atoi(argv[i + 1]);
  }
  if (options.rounds < 1) bench::mismatch("--rounds wants a whole number of at least 1");
  return options;
}

std::string command_line(int argc, char** argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) out += (i ? " " : "") + std::string(argv[i]);
  return out;
}

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

// The host side: the plugin instance and the BackendCaller the turn engine uses.
class HostPath {
public:
  HostPath(const plugins::PluginCatalog& catalog, plugins::HostServices& services, const std::string& type,
           const fakes::ProviderFake& fake) {
    const plugins::ComponentInfo* component = catalog.find_type(type);
    if (!component) bench::mismatch("no component '" + type + "' in the loaded plugins");
    std::vector<settings::RawSetting> raw;
    if (type == "openai") raw = {{"base_url", fake.openai_base_url(), 0}, {"api_key", "sk-bench", 0}};
    else if (type == "anthropic") raw = {{"base_url", fake.base_url(), 0}, {"api_key", "sk-bench", 0}};
    else raw = {{"base_url", fake.base_url(), 0}};
    const settings::Result converted = settings::convert(component->settings_schema, raw);
    if (!converted.ok()) bench::mismatch(type + " settings: " + converted.problems.front().message);
    plugins::CollectingSink sink;
    instance_ = plugins::Instance::create(*component, type, json::dump(converted.settings),
                                          plugins::InstanceContext{&services, nullptr}, sink);
    if (!instance_) bench::mismatch("creating the " + type + " backend failed: " + sink.error_message());
    adapter_ = std::make_unique<runtime::InstanceChatBackend>(*instance_);
  }

  // Microseconds from the call until the first text delta reached the caller's sink.
  double run() {
    bench::FirstTokenSink sink;
    const Clock::time_point start = Clock::now();
    const runtime::BackendCallResult result = caller_.chat(*adapter_, sink, request_);
    if (result.status != AH_OK) bench::mismatch("the host path failed: " + result.error);
    if (sink.text != kReply || !sink.first) bench::mismatch("the host path streamed '" + sink.text + "'");
    return micros(*sink.first - start);
  }

private:
  std::unique_ptr<plugins::Instance> instance_;
  std::unique_ptr<runtime::InstanceChatBackend> adapter_;
  runtime::BackendCaller caller_{nullptr, [](const std::string&) { return runtime::BackendPolicy{}; }, {}};
  ChatRequest request_ =
      ChatRequest::parse(R"({"model":"fake-model","messages":[{"role":"user","content":"hello"}]})");
};

// The reference: the plugin's own request replayed by a plain Poco client.
class DirectClient {
public:
  DirectClient(const fakes::ProviderFake& fake, fakes::RecordedRequest request)
      : port_(fake.port()), request_(std::move(request)),
        first_token_("\"" + fakes::split_utf8(kReply, kTokens).front() + "\"") {}

  // Microseconds from the request until the first token's text (quoted, so complete) was read.
  double run() {
    const Clock::time_point start = Clock::now();
    Poco::Net::HTTPClientSession session("127.0.0.1", port_);
    Poco::Net::HTTPRequest request(request_.method, request_.path, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [name, value] : request_.headers) {
      if (name == "host" || name == "content-length" || name == "transfer-encoding" || name == "connection") continue;
      request.set(name, value);
    }
    request.setContentLength(static_cast<std::streamsize>(request_.body.size()));
    session.sendRequest(request) << request_.body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
      std::string body(std::istreambuf_iterator<char>(in), {});
      bench::mismatch("the direct request " + request_.method + " " + request_.path + " was refused (HTTP " +
                      std::to_string(response.getStatus()) + "): " + body);
    }
    std::string body;
    std::optional<Clock::time_point> first;
    char buffer[4096];
    // get() blocks for the next byte; readsome() then takes what is already buffered, so the
    // search runs as soon as each chunk arrives rather than when a fixed-size read fills.
    for (int c; (c = in.get()) != std::char_traits<char>::eof();) {
      body.push_back(static_cast<char>(c));
      const std::streamsize more = in.readsome(buffer, sizeof buffer);
      body.append(buffer, static_cast<std::size_t>(more));
      if (!first && body.find(first_token_) != std::string::npos) first = Clock::now();
    }
    if (!first) bench::mismatch("the direct stream never carried " + first_token_);
    return micros(*first - start);
  }

private:
  std::uint16_t port_;
  fakes::RecordedRequest request_;
  std::string first_token_;
};

// The chat request the plugin sent (it may also ask other endpoints, e.g. Ollama's /api/show).
fakes::RecordedRequest last_chat_request(const fakes::ProviderFake& fake) {
  const std::vector<fakes::RecordedRequest> requests = fake.requests();
  for (auto it = requests.rbegin(); it != requests.rend(); ++it) {
    const std::string path = it->path.substr(0, it->path.find('?'));
    if (path == "/api/chat" || path == "/v1/chat/completions" || path == "/v1/messages") return *it;
  }
  bench::mismatch("the plugin sent no chat request to the fake");
}

struct Row {
  std::string provider;
  std::vector<double> host, direct, ratios, added;
};

std::string fixed(double value, int decimals = 0) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

} // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  Logger logger{LogLevel::error, [](std::string_view) {}};
  plugins::TtlCache cache;
  plugins::Metrics metrics;
  plugins::HostServices services{logger, cache, metrics};
  const plugins::PluginCatalog catalog =
      plugins::PluginCatalog::from_files({OLLAMA_PLUGIN, OPENAI_PLUGIN, ANTHROPIC_PLUGIN});
  for (const plugins::Refusal& refusal : catalog.refusals()) bench::mismatch("plugin refused: " + refusal.message());
  fakes::ProviderFake fake;
  fake.set_default(fakes::Scenario::text_stream(kReply, kTokens));

  std::vector<Row> rows;
  for (const char* type : {"ollama", "openai", "anthropic"}) {
    std::cerr << "measuring: " << type << " ..." << std::flush;
    HostPath host(catalog, services, type, fake);
    fake.clear_requests();
    host.run(); // warm-up, and the request the direct client replays
    DirectClient direct(fake, last_chat_request(fake));
    direct.run();
    Row row{type, {}, {}, {}, {}};
    for (int round = 0; round < options.rounds; ++round) {
      double h = 0, d = 0;
      if (round % 2 == 0) {
        h = host.run();
        d = direct.run();
      } else {
        d = direct.run();
        h = host.run();
      }
      row.host.push_back(h);
      row.direct.push_back(d);
      row.ratios.push_back(h / d);
      row.added.push_back(h - d);
    }
    std::cerr << " ratio " << fixed(bench::detail::quantile(row.ratios, 0.5), 2) << "\n";
    rows.push_back(std::move(row));
  }

  std::cout << "\n## Backends: host-added time to first token (host call path vs direct client)\n\n";
  std::cout << "command: " << command_line(argc, argv) << "\n";
  std::cout << "build " << AGENTHOST_BUILD_TYPE << ", " << std::thread::hardware_concurrency() << " cores, "
            << options.rounds << " interleaved rounds per provider; fake on loopback, " << kTokens
            << " tokens, no provider delay\n";
  std::cout << "host = BackendCaller -> plugin -> host outbound HTTP -> fake, until the first text delta;\n"
               "direct = Poco HTTPClientSession replaying the plugin's request, until the first token's text.\n"
               "ratio = host / direct (median of per-round ratios); added = host - direct (median of per-round "
               "differences).\n\n";
  std::cout << "| provider | host median µs | host p90 µs | direct median µs | direct p90 µs | added median µs | ratio "
               "| ratio p25-p75 |\n";
  std::cout << "|---|---:|---:|---:|---:|---:|---:|---|\n";
  for (const Row& row : rows) {
    using bench::detail::quantile;
    std::cout << "| " << row.provider << " | " << fixed(quantile(row.host, 0.5)) << " | "
              << fixed(quantile(row.host, 0.9)) << " | " << fixed(quantile(row.direct, 0.5)) << " | "
              << fixed(quantile(row.direct, 0.9)) << " | " << fixed(quantile(row.added, 0.5)) << " | **"
              << fixed(quantile(row.ratios, 0.5), 2) << "** | " << fixed(quantile(row.ratios, 0.25), 2) << "-"
              << fixed(quantile(row.ratios, 0.75), 2) << " |\n";
  }
  std::cout << std::flush;
  return 0;
}
