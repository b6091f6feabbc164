// A turn engine as serve wires it, with the real backend plugins (ollama, openai, anthropic) and
// the calculator tool, for end-to-end tests against the provider fakes (tests/fakes): a fresh
// database (either engine), the event log, the turn handler on real worker pools, the
// TurnService, and per-backend host settings (BackendPolicy) handed to the engine the way serve
// hands the [backend.NAME] keys.
#pragma once

#include "runtime/tests/turn_harness.hpp" // EventWatcher, render_message

#include <map>

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

class BackendHarness {
public:
  // The agent "assistant" uses the first instance of `backends` and the tool "calculator".
  BackendHarness(store::Engine engine, const std::vector<BackendInstanceSpec>& backends)
      : scratch(engine) {
    for (const BackendInstanceSpec& spec : backends) {
      instances.add(plugins::testing::create_instance(catalog, plugin_services.services, spec.type, spec.name,
                                                      spec.settings));
      policies[spec.name] = spec.policy;
    }
    instances.add(plugins::testing::create_instance(catalog, plugin_services.services, "calculator", "calculator"));
    TurnSettings settings;
    settings.coalesce = std::chrono::milliseconds(0);
    const std::map<std::string, BackendPolicy> known = policies;
    TurnDependencies dependencies{scratch.database(), events, instances, render_message, logger};
    dependencies.backend_policies = [known](const std::string& name) {
      const auto found = known.find(name);
      return found == known.end() ? BackendPolicy{} : found->second;
    };
    runner = std::make_shared<TurnRunner>(std::move(dependencies), settings);
    pools = std::make_unique<queue::WorkerPools>(
        jobs, std::vector<config::PoolConfig>{queue::testing::pool("ai", {"high", "default"}, 2, 60)},
        queue::testing::fast_queue_config(), logger, queue::testing::fast_tuning());
    pools->register_handler(kTurnJobType, runner);
    service = std::make_unique<TurnService>(scratch.database(), jobs, *pools, recovery);
    store::AgentFields fields;
    fields.name = "assistant";
    fields.backend = backends.front().name;
    fields.model = "fake-model";
    fields.tools = {"calculator"};
    agent = store::AgentStore(scratch.database()).create(owner.id, fields);
    pools->start();
  }
  ~BackendHarness() {
    if (pools) pools->stop(std::chrono::seconds(5)); // before the plugins go
  }

  std::string new_conversation() { return conversations.create(owner.id, agent.id, std::nullopt).id; }
  TurnService::Posted post(const std::string& conversation_id, const std::string& text) {
    store::NewMessage message;
    message.content = text;
    return service->post_message(owner.id, conversation_id, message);
  }
  store::ConversationDetail detail(const std::string& conversation_id) {
    return *conversations.find_detail(owner.id, conversation_id);
  }

  store::testing::TestDatabase scratch;
  std::shared_ptr<Logger> logger = std::make_shared<Logger>(LogLevel::error, [](std::string_view) {});
  plugins::testing::ServicesFixture plugin_services;
  plugins::PluginCatalog catalog = plugins::PluginCatalog::from_files(
      {OLLAMA_PLUGIN_PATH, OPENAI_PLUGIN_PATH, ANTHROPIC_PLUGIN_PATH, CALCULATOR_PLUGIN_PATH});
  plugins::testing::TestDirectory instances;
  std::map<std::string, BackendPolicy> policies;
  events::EventLog events{scratch.database()};
  queue::JobStore jobs{scratch.database()};
  store::ConversationStore conversations{scratch.database()};
  store::UserRecord owner = store::UserStore(scratch.database()).create_user("alice", false);
  store::AgentRecord agent;
  TurnRecovery recovery{scratch.database(), events, render_message};
  std::shared_ptr<TurnRunner> runner;
  std::unique_ptr<queue::WorkerPools> pools;
  std::unique_ptr<TurnService> service;
};

} // namespace agenthost::runtime::testing
