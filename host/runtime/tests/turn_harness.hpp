// A turn engine as serve wires it, for runtime tests: a fresh database (either engine), the
// event log, the scripted backend playing a test's script, the test plugins' slow tools
// (sleepy, stubborn), the turn handler on real worker pools, and the TurnService. Plus a
// watcher that collects a conversation's events as they are appended.
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
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace agenthost::runtime::testing {

#ifndef SCRIPTED_PLUGIN_PATH
#error "SCRIPTED_PLUGIN_PATH must name the built scripted backend (see host/runtime/CMakeLists.txt)"
#endif

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

private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<events::Event> events_;
  events::EventLog::Subscription subscription_; // last: unsubscribes before the rest goes
};

class TurnHarness {
public:
  // `script_json`: the scripted backend's script. The agent "slow" uses backend "demo" and the
  // tools sleepy and stubborn.
  TurnHarness(store::Engine engine, const std::string& script_json, TurnSettings settings)
      : scratch(engine) {
    const std::string script_path = scripts / "script.json";
    std::ofstream(script_path) << script_json;
    instances.add(plugins::testing::create_instance(catalog, plugin_services.services, "scripted", "demo",
                                                    {{"script", script_path}, {"token_delay_ms", "5"}}));
    instances.add(plugins::testing::create_instance(catalog, plugin_services.services, "sleepy", "sleepy"));
    instances.add(plugins::testing::create_instance(catalog, plugin_services.services, "stubborn", "stubborn"));
    runner = std::make_shared<TurnRunner>(TurnDependencies{scratch.database(), events, instances, render_message, logger},
                                          settings);
    pools = std::make_unique<queue::WorkerPools>(
        jobs, std::vector<config::PoolConfig>{queue::testing::pool("ai", {"high", "default"}, 2, 60)},
        queue::testing::fast_queue_config(), logger, queue::testing::fast_tuning());
    pools->register_handler(kTurnJobType, runner);
    service = std::make_unique<TurnService>(scratch.database(), jobs, *pools, recovery);
    store::AgentFields fields;
    fields.name = "slow";
    fields.backend = "demo";
    fields.model = "demo";
    fields.tools = {"sleepy", "stubborn"};
    agent = store::AgentStore(scratch.database()).create(owner.id, fields);
  }
  ~TurnHarness() {
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
  plugins::testing::TempDir scripts;
  plugins::testing::ServicesFixture plugin_services; // plugin log lines (e.g. "stubborn finished") land here
  plugins::PluginCatalog catalog = plugins::PluginCatalog::from_files(
      {SCRIPTED_PLUGIN_PATH, plugins::testing::plugin_path("sleepy")});
  plugins::testing::TestDirectory instances;
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
