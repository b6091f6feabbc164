// The turn harness (turn_harness.hpp) set up with the real backend plugins (ollama, openai,
// anthropic) and the calculator tool, for end-to-end tests against the provider fakes
// (tests/fakes): the agent "assistant" uses the first backend instance given and the tool
// "calculator"; the worker pools run from the start.
#pragma once

#include "provider_fake.hpp"
#include "runtime/tests/turn_harness.hpp"

#include <ostream>

namespace agenthost::runtime::testing {

#if !defined(OLLAMA_PLUGIN_PATH) || !defined(OPENAI_PLUGIN_PATH) || !defined(ANTHROPIC_PLUGIN_PATH) || \
    !defined(CALCULATOR_PLUGIN_PATH)
#error "the backend plugin paths must be defined (see host/runtime/CMakeLists.txt)"
#endif

struct BackendInstanceSpec {
  std::string type; // plugin: ollama, openai, anthropic
  std::string name; // instance name
  plugins::testing::IniSettings settings;
  BackendPolicy policy; // the instance's host settings
};

inline TurnSetup backend_setup(const std::vector<BackendInstanceSpec>& backends) {
  TurnSetup setup;
  setup.plugin_files = {OLLAMA_PLUGIN_PATH, OPENAI_PLUGIN_PATH, ANTHROPIC_PLUGIN_PATH, CALCULATOR_PLUGIN_PATH};
  for (const BackendInstanceSpec& spec : backends) {
    setup.instances.push_back({spec.type, spec.name, spec.settings});
    setup.policies[spec.name] = spec.policy;
  }
  setup.instances.push_back({"calculator", "calculator", {}});
  setup.agent.name = "assistant";
  setup.agent.backend = backends.front().name;
  setup.agent.model = "fake-model";
  setup.agent.tools = {"calculator"};
  setup.settings.coalesce = std::chrono::milliseconds(0); // one message.delta per token
  setup.start_pools = true;
  return setup;
}

class BackendHarness : public TurnHarness {
public:
  BackendHarness(store::Engine engine, const std::vector<BackendInstanceSpec>& backends)
      : TurnHarness(engine, backend_setup(backends)) {}
};

// One engine and one backend plugin: the e2e suites run every backend on both engines.
struct BackendCase {
  store::Engine engine;
  std::string type; // ollama, openai, anthropic
};

// Readable ctest names instead of the struct's bytes.
inline void PrintTo(const BackendCase& c, std::ostream* out) {
  *out << (c.engine == store::Engine::sqlite ? "sqlite/" : "postgresql/") << c.type;
}

inline std::vector<BackendCase> all_backend_cases() {
  std::vector<BackendCase> cases;
  for (store::Engine engine : {store::Engine::sqlite, store::Engine::postgresql})
    for (const char* type : {"ollama", "openai", "anthropic"}) cases.push_back({engine, type});
  return cases;
}

inline std::string backend_case_name(const ::testing::TestParamInfo<BackendCase>& info) {
  return std::string(info.param.engine == store::Engine::sqlite ? "sqlite_" : "postgresql_") + info.param.type;
}

inline constexpr const char* kFakeApiKey = "sk-e2e-secret-key-0123456789";

// An instance of plugin `type` pointed at `fake` (with kFakeApiKey where the provider takes one).
inline BackendInstanceSpec spec_for(const std::string& type, const std::string& name, const fakes::ProviderFake& fake,
                                    BackendPolicy policy = {}) {
  BackendInstanceSpec spec{type, name, {}, policy};
  if (type == "openai") spec.settings = {{"base_url", fake.openai_base_url()}, {"api_key", kFakeApiKey}};
  else if (type == "anthropic") spec.settings = {{"base_url", fake.base_url()}, {"api_key", kFakeApiKey}};
  else spec.settings = {{"base_url", fake.base_url()}};
  return spec;
}

// Quick retries so a retried fault costs little; Retry-After still wins over the backoff.
inline BackendPolicy quick_policy() {
  BackendPolicy policy;
  policy.retry_base = std::chrono::milliseconds(10);
  return policy;
}

// The chat requests the fake received (the plugins also make others, e.g. Ollama's /api/show
// when the host asks for a model's context window).
inline std::vector<fakes::RecordedRequest> chat_requests(const fakes::ProviderFake& fake) {
  std::vector<fakes::RecordedRequest> chats;
  for (const fakes::RecordedRequest& request : fake.requests()) {
    const std::string path = request.path.substr(0, request.path.find('?'));
    if (path == "/api/chat" || path == "/v1/chat/completions" || path == "/v1/messages") chats.push_back(request);
  }
  return chats;
}
inline std::size_t chat_request_count(const fakes::ProviderFake& fake) { return chat_requests(fake).size(); }

inline json::Value data_of(const events::Event& event) { return json::parse(event.data_json); }

// The text of every message.delta so far, in order.
inline std::string all_delta_text(EventWatcher& watcher) {
  std::string text;
  for (const events::Event& event : watcher.of_type("message.delta")) text += data_of(event)["text"].as_string();
  return text;
}

} // namespace agenthost::runtime::testing
