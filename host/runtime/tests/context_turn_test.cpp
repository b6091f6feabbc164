// The strategy chain inside real turns, on SQLite and PostgreSQL, with the test plugin
// context_test: a backend that answers with the exact messages it received and a strategy that
// drops the oldest messages. Checks what the backend got, the turn.started "context" record,
// the job result's "context", warnings as turn.warning, the strategies' state between turns,
// the stored token estimates, and strategy failures ending the turn cleanly.
#include "runtime/tests/turn_harness.hpp"

#include "runtime/context_filter.hpp"
#include "store/ids.hpp"
#include "store/strategy_state_store.hpp"
#include "store/timestamps.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#ifndef CONTEXT_TEST_PLUGIN_PATH
#error "CONTEXT_TEST_PLUGIN_PATH must name the built test plugin context_test (see host/runtime/CMakeLists.txt)"
#endif

namespace agenthost::runtime {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using testing::EventWatcher;

json::Value data_of(const events::Event& event) { return json::parse(event.data_json); }

// A turn engine whose agent talks to context_echo through a strategy chain.
class ContextHarness {
public:
  ContextHarness(store::Engine engine, const std::string& strategy) : scratch(engine) {
    instances.add(plugins::testing::create_instance(catalog, plugin_services.services, "context_echo", "echo"));
    instances.add(plugins::testing::create_instance(catalog, plugin_services.services, "drop_oldest", "drop1"));
    instances.add(plugins::testing::create_instance(catalog, plugin_services.services, "drop_oldest", "drop2",
                                                    {{"warning", "two messages were too old to keep"}}));
    instances.add(plugins::testing::create_instance(catalog, plugin_services.services, "drop_oldest", "overflow",
                                                    {{"fail", "overflow"}}));
    instances.add(plugins::testing::create_instance(catalog, plugin_services.services, "drop_oldest", "broken",
                                                    {{"fail", "broken"}}));
    // The real strategies (plugins/strategies).
    instances.add(plugins::testing::create_instance(catalog, plugin_services.services, "sliding_window", "window",
                                                    {{"max_messages", "2"}}));
    instances.add(plugins::testing::create_instance(catalog, plugin_services.services, "token_budget", "budget"));
    instances.add(plugins::testing::create_instance(catalog, plugin_services.services, "token_budget", "tight",
                                                    {{"max_tokens", "64"}, {"reserve_output", "16"}}));
    const auto policies = [](const std::string&) {
      BackendPolicy policy;
      policy.char_ratio = 2.0;
      policy.safety_margin = 0.2;
      return policy;
    };
    TurnSettings settings;
    settings.coalesce = 0ms;
    runner = std::make_shared<TurnRunner>(
        TurnDependencies{scratch.database(), events, instances, testing::render_message, logger, policies}, settings);
    pools = std::make_unique<queue::WorkerPools>(
        jobs, std::vector<config::PoolConfig>{queue::testing::pool("ai", {"high", "default"}, 1, 60)},
        queue::testing::fast_queue_config(), logger, queue::testing::fast_tuning());
    pools->register_handler(kTurnJobType, runner);
    service = std::make_unique<TurnService>(scratch.database(), jobs, *pools, recovery, policies);
    store::AgentFields fields;
    fields.name = "filtered";
    fields.backend = "echo";
    fields.model = "m";
    fields.system_prompts = {"Be brief."};
    fields.strategy = strategy;
    fields.params_json = R"({"max_tokens":256})";
    agent = store::AgentStore(scratch.database()).create(owner.id, fields);
    conversation_id = conversations.create(owner.id, agent.id, std::nullopt).id;
    pools->start();
  }
  ~ContextHarness() {
    if (pools) pools->stop(std::chrono::seconds(5)); // before the plugins go
  }

  void history(const std::string& role, const std::string& content) {
    store::NewMessage message;
    message.role = role;
    message.content = content;
    conversations.append_message(owner.id, conversation_id, message);
  }
  std::string add_document(const std::string& filename) {
    const std::string id = store::new_id("doc_");
    store::Connection connection = scratch.database().connect();
    connection.execute("INSERT INTO documents (id, owner_id, filename, content_type, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)",
                       {id, owner.id, filename, std::string("text/plain"), store::now_ms(), store::now_ms()});
    return id;
  }
  TurnService::Posted post(const std::string& text, std::vector<std::string> attachments = {}) {
    store::NewMessage message;
    message.content = text;
    message.attachments = std::move(attachments);
    return service->post_message(owner.id, conversation_id, message);
  }
  // The job once the queue has recorded its end (shortly after the terminal event).
  queue::JobRecord finished_job(const std::string& id) {
    for (int i = 0; i < 600; ++i) {
      if (std::optional<queue::JobRecord> job = jobs.find(id); job && job->finished()) return *job;
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "job " << id << " did not finish";
    return {};
  }
  store::ConversationDetail detail() { return *conversations.find_detail(owner.id, conversation_id); }

  store::testing::TestDatabase scratch;
  std::shared_ptr<Logger> logger = std::make_shared<Logger>(LogLevel::error, [](std::string_view) {});
  plugins::testing::ServicesFixture plugin_services;
  plugins::PluginCatalog catalog = plugins::PluginCatalog::from_files(
      {CONTEXT_TEST_PLUGIN_PATH, SLIDING_WINDOW_PLUGIN_PATH, TOKEN_BUDGET_PLUGIN_PATH});
  plugins::testing::TestDirectory instances;
  events::EventLog events{scratch.database()};
  queue::JobStore jobs{scratch.database()};
  store::ConversationStore conversations{scratch.database()};
  store::UserRecord owner = store::UserStore(scratch.database()).create_user("alice", false);
  store::AgentRecord agent;
  std::string conversation_id;
  TurnRecovery recovery{scratch.database(), events, testing::render_message};
  std::shared_ptr<TurnRunner> runner;
  std::unique_ptr<queue::WorkerPools> pools;
  std::unique_ptr<TurnService> service;
};

class ContextTurnTest : public ::testing::TestWithParam<store::Engine> {};

TEST_P(ContextTurnTest, TheBackendReceivesWhatTheChainKeptAndTheTurnRecordsIt) {
  ContextHarness turn(GetParam(), "drop1, drop2");
  turn.history("user", "first question");
  turn.history("assistant", "first answer");
  turn.history("user", "second question");
  turn.history("assistant", "second answer");
  const std::string report = turn.add_document("report.pdf");
  EventWatcher watcher(turn.events, turn.conversation_id);
  const TurnService::Posted posted = turn.post("third question", {report});

  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  ASSERT_EQ(end->type, "turn.completed") << end->data_json;

  // Exactly what the backend saw: the system prompt, then the two newest exchanges minus the
  // two oldest messages, and the attachment named in the user message.
  const store::ConversationDetail detail = turn.detail();
  const store::MessageRecord& reply = detail.messages.back();
  ASSERT_EQ(reply.role, "assistant");
  const json::Value expected = json::Value::array(
      {json::Value::object({{"role", "system"}, {"content", "Be brief."}}),
       json::Value::object({{"role", "user"}, {"content", "second question"}}),
       json::Value::object({{"role", "assistant"}, {"content", "second answer"}}),
       json::Value::object({{"role", "user"},
                            {"content", "third question\n\nAttached documents (search them with the document_search "
                                        "tool): \"report.pdf\" (" + report + ")"}})});
  EXPECT_EQ(json::parse(reply.content), expected) << reply.content;

  // turn.started says what the filter did, before anything else of the turn.
  const std::vector<events::Event> started = watcher.of_type("turn.started");
  ASSERT_EQ(started.size(), 1u);
  const json::Value context = data_of(started[0])["context"];
  EXPECT_EQ(context["messages_before"], json::Value(6));
  EXPECT_EQ(context["messages_after"], json::Value(4));
  EXPECT_EQ(context["kept"], json::Value(4));
  EXPECT_EQ(context["dropped"], json::Value(2));
  EXPECT_EQ(context["summarized"], json::Value(0));
  EXPECT_GT(context["tokens_before"].as_int(), context["tokens_after"].as_int());
  ASSERT_EQ(context["strategies"].size(), 2u);
  EXPECT_EQ(context["strategies"][0]["instance"], json::Value("drop1"));
  EXPECT_EQ(context["strategies"][0]["strategy"], json::Value("drop_oldest"));
  EXPECT_EQ(context["strategies"][1]["instance"], json::Value("drop2"));
  EXPECT_EQ(context["strategies"][0]["tokens_before"], context["tokens_before"]);
  EXPECT_EQ(context["strategies"][1]["tokens_after"], context["tokens_after"]);

  const std::vector<events::Event> warnings = watcher.of_type("turn.warning");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(data_of(warnings[0])["message"], json::Value("strategy 'drop2': two messages were too old to keep"));

  // The job's result has one context record per backend call.
  const queue::JobRecord job = turn.finished_job(posted.job.id);
  ASSERT_TRUE(job.result_json);
  const json::Value result = json::parse(*job.result_json);
  ASSERT_EQ(result["context"].size(), 1u);
  EXPECT_EQ(result["context"][0], context);
  EXPECT_TRUE(result.contains("usage"));

  // The user message was stored with its estimate, at the agent's ratio (2 characters a token).
  EXPECT_EQ(posted.message.token_estimate, 7) << "ceil(14 / 2)";
  EXPECT_TRUE(reply.token_estimate) << "the reply has one too";
}

TEST_P(ContextTurnTest, EachStrategyGetsItsBudgetAndLastStateBack) {
  ContextHarness turn(GetParam(), "drop1");
  for (const char* text : {"one", "two"}) {
    EventWatcher watcher(turn.events, turn.conversation_id);
    turn.post(text);
    const std::optional<events::Event> end = watcher.wait_for_end();
    ASSERT_TRUE(end);
    ASSERT_EQ(end->type, "turn.completed") << end->data_json;
  }
  const auto states = store::StrategyStateStore(turn.scratch.database()).load(turn.conversation_id);
  ASSERT_EQ(states.size(), 1u);
  const json::Value state = json::parse(states.at("drop1"));
  EXPECT_EQ(state["applies"], json::Value(2)) << "the second turn got the first turn's state back";
  EXPECT_EQ(state["budget"]["context_window"], json::Value(1001)) << "describe() asked once, on the first turn";
  EXPECT_EQ(state["budget"]["max_output_tokens"], json::Value(256));
  EXPECT_EQ(state["model"], json::Value("m"));
  EXPECT_EQ(state["backend"], json::Value("echo"));
  EXPECT_EQ(state["estimator"], json::parse(R"({"char_ratio":2.0,"message_overhead":4,"safety_margin":0.2})"));
}

TEST_P(ContextTurnTest, AnOverflowFailsTheTurnOnceAndKeepsTheTranscriptConsistent) {
  ContextHarness turn(GetParam(), "drop1, overflow");
  EventWatcher watcher(turn.events, turn.conversation_id);
  const TurnService::Posted posted = turn.post("a message far too long");
  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  EXPECT_EQ(end->type, "turn.failed");
  const json::Value error = data_of(*end)["error"];
  EXPECT_EQ(error["type"], json::Value("context_overflow"));
  EXPECT_THAT(error["message"].as_string(), HasSubstr("needs 9120 tokens but the budget is 4096"));

  const queue::JobRecord job = turn.finished_job(posted.job.id);
  EXPECT_EQ(job.state, "failed");
  EXPECT_EQ(job.error_type, std::optional<std::string>("context_overflow"));

  const store::ConversationDetail detail = turn.detail();
  EXPECT_FALSE(detail.conversation.active_job_id) << "no turn runs any more";
  EXPECT_NE(detail.conversation.status, "running");
  ASSERT_EQ(detail.messages.size(), 1u) << "the user message is kept, nothing else was stored";
  EXPECT_EQ(detail.messages[0].id, posted.message.id);
  EXPECT_EQ(watcher.of_type("turn.started").size(), 1u);
  EXPECT_EQ(watcher.of_type("turn.failed").size(), 1u);
  EXPECT_TRUE(watcher.of_type("turn.completed").empty());
  EXPECT_TRUE(watcher.of_type("turn.cancelled").empty());
}

TEST_P(ContextTurnTest, OtherStrategyFailuresAreStrategyFailed) {
  ContextHarness turn(GetParam(), "broken");
  EventWatcher watcher(turn.events, turn.conversation_id);
  turn.post("hello");
  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  EXPECT_EQ(end->type, "turn.failed");
  const json::Value error = data_of(*end)["error"];
  EXPECT_EQ(error["type"], json::Value("strategy_failed"));
  EXPECT_THAT(error["message"].as_string(), HasSubstr("strategy 'broken' failed: the strategy broke"));
}

TEST_P(ContextTurnTest, AnUnconfiguredStrategySaysWhatToConfigure) {
  ContextHarness turn(GetParam(), "nowhere");
  EventWatcher watcher(turn.events, turn.conversation_id);
  turn.post("hello");
  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  EXPECT_EQ(data_of(*end)["error"]["type"], json::Value("strategy_failed"));
  EXPECT_THAT(data_of(*end)["error"]["message"].as_string(), HasSubstr("add a [strategy.nowhere] section"));
}

TEST_P(ContextTurnTest, WithoutAStrategyTheWholeContextGoesAndIsRecorded) {
  ContextHarness turn(GetParam(), "");
  turn.history("user", "earlier");
  EventWatcher watcher(turn.events, turn.conversation_id);
  turn.post("now");
  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  ASSERT_EQ(end->type, "turn.completed") << end->data_json;
  EXPECT_EQ(json::parse(turn.detail().messages.back().content).size(), 3u);
  const json::Value context = data_of(watcher.of_type("turn.started").at(0))["context"];
  EXPECT_EQ(context["messages_before"], json::Value(3));
  EXPECT_EQ(context["messages_after"], json::Value(3));
  EXPECT_EQ(context["dropped"], json::Value(0));
  EXPECT_EQ(context["tokens_before"], context["tokens_after"]);
  EXPECT_EQ(context["strategies"].size(), 0u);
}

TEST_P(ContextTurnTest, TheRealWindowAndBudgetStrategiesChainAsConfigured) {
  ContextHarness turn(GetParam(), "window, budget");
  turn.history("user", "first question");
  turn.history("assistant", "first answer");
  turn.history("user", "second question");
  turn.history("assistant", "second answer");
  EventWatcher watcher(turn.events, turn.conversation_id);
  turn.post("third question");
  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  ASSERT_EQ(end->type, "turn.completed") << end->data_json;

  // max_messages 2: the newest two non-system messages; the budget (from context_echo's
  // described window) has room for them.
  const json::Value expected =
      json::Value::array({json::Value::object({{"role", "system"}, {"content", "Be brief."}}),
                          json::Value::object({{"role", "assistant"}, {"content", "second answer"}}),
                          json::Value::object({{"role", "user"}, {"content", "third question"}})});
  EXPECT_EQ(json::parse(turn.detail().messages.back().content), expected);
  const json::Value context = data_of(watcher.of_type("turn.started").at(0))["context"];
  EXPECT_EQ(context["messages_before"], json::Value(6));
  EXPECT_EQ(context["messages_after"], json::Value(3));
  EXPECT_EQ(context["dropped"], json::Value(3));
  ASSERT_EQ(context["strategies"].size(), 2u);
  EXPECT_EQ(context["strategies"][0]["strategy"], json::Value("sliding_window"));
  EXPECT_EQ(context["strategies"][1]["strategy"], json::Value("token_budget"));
}

TEST_P(ContextTurnTest, TheRealBudgetFailsATurnWhoseNewestMessageCannotFit) {
  ContextHarness turn(GetParam(), "tight");
  EventWatcher watcher(turn.events, turn.conversation_id);
  turn.post(std::string(1000, 'x')); // 500 tokens at 2 characters a token
  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  EXPECT_EQ(end->type, "turn.failed");
  const json::Value error = data_of(*end)["error"];
  EXPECT_EQ(error["type"], json::Value("context_overflow"));
  EXPECT_THAT(error["message"].as_string(), HasSubstr("max_tokens 64"));
  EXPECT_EQ(turn.detail().messages.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, ContextTurnTest, store::testing::both_engines(), store::testing::engine_name);

} // namespace
} // namespace agenthost::runtime
