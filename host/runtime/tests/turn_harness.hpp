// A turn engine as serve wires it, for runtime tests: a fresh database (either engine), the
// event log, the plugins and instances a test asks for, per-backend host settings
// (BackendPolicy) handed to the engine the way serve hands the [backend.NAME] keys, the turn
// handler on real worker pools (started by the test, or by the harness when it asks), and the
// TurnService. Plus a watcher that collects a conversation's events as they are appended.
//
// One harness for every runtime test; what differs between suites is only the TurnSetup:
// scripted_setup() (the scripted backend and the slow test tools) here, backend_setup() (the
// real provider plugins against the fakes) in backend_harness.hpp.
#pragma once

#include "events/event_log.hpp"
#include "plugins/tests/test_support.hpp"
#include "queue/job_store.hpp"
#include "queue/tests/queue_test_support.hpp"
#include "queue/worker_pools.hpp"
#include "runtime/turn_runner.hpp"
#include "runtime/turn_service.hpp"
#include "store/agent_store.hpp"
#include "store/conversation_store.hpp"
#include "store/tests/test_database.hpp"
#include "store/user_store.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace agenthost::runtime::testing {

// The Message JSON message.completed events carry; the HTTP layer's rendering is not needed here.
inline json::Value render_message(const store::MessageRecord& message) {
  return json::Value::object({{"id", message.id},
                              {"role", message.role},
                              {"content", message.content},
                              {"status", message.status}});
}

// Collects one conversation's events from the moment it is constructed.
class EventWatcher {
public:
  EventWatcher(events::EventLog& log, const std::string& conversation_id)
      : subscription_(log.subscribe(conversation_id, [this](const events::Event& event) {
          std::lock_guard<std::mutex> lock(mutex_);
          events_.push_back(event);
          changed_.notify_all();
        })) {}

  // The first event of `type` (waiting up to `limit`); nullopt when none came.
  std::optional<events::Event> wait_for(const std::string& type, std::chrono::seconds limit = std::chrono::seconds(30)) {
    std::unique_lock<std::mutex> lock(mutex_);
    std::optional<events::Event> found;
    changed_.wait_for(lock, limit, [&] {
      for (const events::Event& event : events_)
        if (event.type == type) return found = event, true;
      return false;
    });
    return found;
  }
  // The first terminal event (turn.completed, turn.failed or turn.cancelled).
  std::optional<events::Event> wait_for_end(std::chrono::seconds limit = std::chrono::seconds(30)) {
    std::unique_lock<std::mutex> lock(mutex_);
    std::optional<events::Event> found;
    changed_.wait_for(lock, limit, [&] {
      for (const events::Event& event : events_)
        if (event.type == "turn.completed" || event.type == "turn.failed" || event.type == "turn.cancelled")
          return found = event, true;
      return false;
    });
    return found;
  }
  std::vector<events::Event> of_type(const std::string& type) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<events::Event> out;
    for (const events::Event& event : events_)
      if (event.type == type) out.push_back(event);
    return out;
  }
  std::vector<std::string> types() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> out;
    for (const events::Event& event : events_) out.push_back(event.type);
    return out;
  }

private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<events::Event> events_;
  events::EventLog::Subscription subscription_; // last: unsubscribes before the rest goes
};

// One configured instance: the component type, the instance name and its (plugin) settings.
struct HarnessInstance {
  std::string type;
  std::string name;
  plugins::testing::IniSettings settings;
};

// What a harness is made of. The agent (fields.name, backend, model, tools) is created for the
// harness's user; `files` keeps whatever the settings point at (scripts) alive.
struct TurnSetup {
  std::vector<std::string> plugin_files;
  std::vector<HarnessInstance> instances;
  std::map<std::string, BackendPolicy> policies; // per backend instance; absent: the defaults
  store::AgentFields agent;
  TurnSettings settings;
  int workers = 2;               // of the one pool "ai" (high, default)
  int pool_timeout_seconds = 60; // that pool's job timeout
  queue::WorkerTuning tuning = queue::testing::fast_tuning();
  bool start_pools = false;      // else the test calls pools->start() when it is ready
  std::shared_ptr<plugins::testing::TempDir> files = std::make_shared<plugins::testing::TempDir>();
};

#ifdef SCRIPTED_PLUGIN_PATH
// The scripted backend "demo" playing `script_json`, and the test plugins' slow tools (sleepy,
// stubborn); the agent "slow" uses both. Pools are left for the test to start.
inline TurnSetup scripted_setup(const std::string& script_json, TurnSettings settings) {
  TurnSetup setup;
  const std::string script_path = *setup.files / "script.json";
  std::ofstream(script_path) << script_json;
  setup.plugin_files = {SCRIPTED_PLUGIN_PATH, plugins::testing::plugin_path("sleepy")};
  setup.instances = {{"scripted", "demo", {{"script", script_path}, {"token_delay_ms", "5"}}},
                     {"sleepy", "sleepy", {}},
                     {"stubborn", "stubborn", {}}};
  setup.agent.name = "slow";
  setup.agent.backend = "demo";
  setup.agent.model = "demo";
  setup.agent.tools = {"sleepy", "stubborn"};
  setup.settings = settings;
  return setup;
}
#endif

class TurnHarness {
public:
  TurnHarness(store::Engine engine, TurnSetup setup)
      : scratch(engine), files(setup.files), catalog(plugins::PluginCatalog::from_files(setup.plugin_files)),
        policies(setup.policies) {
    for (const HarnessInstance& instance : setup.instances)
      instances.add(plugins::testing::create_instance(catalog, plugin_services.services, instance.type,
                                                      instance.name, instance.settings));
    const auto policy_of = [known = policies](const std::string& name) {
      const auto found = known.find(name);
      return found == known.end() ? BackendPolicy{} : found->second;
    };
    TurnDependencies dependencies{scratch.database(), events, instances, render_message, logger};
    dependencies.backend_policies = policy_of;
    runner = std::make_shared<TurnRunner>(std::move(dependencies), setup.settings);
    pools = std::make_unique<queue::WorkerPools>(
        jobs,
        std::vector<config::PoolConfig>{
            queue::testing::pool("ai", {"high", "default"}, setup.workers, setup.pool_timeout_seconds)},
        queue::testing::fast_queue_config(), logger, setup.tuning);
    pools->register_handler(kTurnJobType, runner);
    service = std::make_unique<TurnService>(scratch.database(), jobs, *pools, recovery, policy_of);
    agent = store::AgentStore(scratch.database()).create(owner.id, setup.agent);
    if (setup.start_pools) pools->start();
  }
#ifdef SCRIPTED_PLUGIN_PATH
  // `script_json`: the scripted backend's script (see scripted_setup).
  TurnHarness(store::Engine engine, const std::string& script_json, TurnSettings settings)
      : TurnHarness(engine, scripted_setup(script_json, settings)) {}
#endif
  ~TurnHarness() {
    if (pools) pools->stop(std::chrono::seconds(5)); // before the plugins go
  }
  TurnHarness(const TurnHarness&) = delete;
  TurnHarness& operator=(const TurnHarness&) = delete;

  std::string new_conversation() { return conversations.create(owner.id, agent.id, std::nullopt).id; }
  TurnService::Posted post(const std::string& conversation_id, const std::string& text) {
    store::NewMessage message;
    message.content = text;
    return service->post_message(owner.id, conversation_id, message);
  }
  store::ConversationDetail detail(const std::string& conversation_id) {
    return *conversations.find_detail(owner.id, conversation_id);
  }
  // The job once the queue has finished it (the terminal event is appended just before).
  queue::JobRecord finished_job(const std::string& job_id) { return queue::testing::finished_job(jobs, job_id); }

  store::testing::TestDatabase scratch;
  std::shared_ptr<Logger> logger = std::make_shared<Logger>(LogLevel::error, [](std::string_view) {});
  std::shared_ptr<plugins::testing::TempDir> files;
  plugins::testing::ServicesFixture plugin_services; // plugin log lines (e.g. "stubborn finished") land here
  plugins::PluginCatalog catalog;
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
