// End to end, on SQLite and PostgreSQL: an agent on each real backend plugin (ollama, openai,
// anthropic) talks to the protocol-faithful provider fake through the real turn engine and the
// host's HTTP service, completing a streamed turn with a calculator tool call and usage; and the
// fault layer's behaviours (retry after 429, 401, overloaded mid-stream, fallback) seen from the
// turn's events and the stored conversation. Stalls and resets on every backend:
// backend_faults_e2e_test.cpp.
#include "runtime/tests/backend_harness.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace agenthost::runtime {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::BackendHarness;
using testing::chat_request_count;
using testing::all_delta_text;
using testing::data_of;
using testing::EventWatcher;
using testing::quick_policy;
using testing::spec_for;
using fakes::ProviderFake;
using fakes::Scenario;

// ---- a streamed turn with a tool call and usage, on each backend --------------------------------

class StreamedTurnTest : public ::testing::TestWithParam<testing::BackendCase> {};

TEST_P(StreamedTurnTest, AnAgentCompletesAStreamedTurnWithAToolCallAndUsage) {
  ProviderFake fake;
  const std::string first_text = "Let me compute that for you.";
  const std::string second_text = "The answer is 4.";
  fake.push(Scenario::text_stream(first_text, 3).with_tool_call("calculator", R"({"expression":"2+2"})").with_usage(11, 5));
  fake.push(Scenario::text_stream(second_text, 4).with_usage(20, 6));
  BackendHarness turn(GetParam().engine, {spec_for(GetParam().type, "primary", fake)});
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  turn.post(conversation_id, "What is 2+2?");

  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  ASSERT_EQ(end->type, "turn.completed") << end->data_json;
  EXPECT_EQ(chat_request_count(fake), 2u);

  EXPECT_EQ(all_delta_text(watcher), first_text + second_text);
  const std::vector<events::Event> started = watcher.of_type("tool_call.started");
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(data_of(started[0])["name"].as_string(), "calculator");
  EXPECT_EQ(data_of(started[0])["arguments"]["expression"].as_string(), "2+2");
  const std::vector<events::Event> completed = watcher.of_type("tool_call.completed");
  ASSERT_EQ(completed.size(), 1u);
  EXPECT_EQ(data_of(completed[0]).find("error"), nullptr) << completed[0].data_json;
  EXPECT_THAT(completed[0].data_json, HasSubstr("4"));

  const json::Value usage = data_of(*end)["usage"];
  EXPECT_EQ(usage["input_tokens"].as_int(), 31);
  EXPECT_EQ(usage["output_tokens"].as_int(), 11);
  EXPECT_EQ(usage["total_tokens"].as_int(), 42);

  const store::ConversationDetail detail = turn.detail(conversation_id);
  EXPECT_EQ(detail.conversation.status, "idle");
  EXPECT_EQ(detail.conversation.total_tokens, 42);
  const store::MessageRecord& last = detail.messages.back();
  EXPECT_EQ(last.role, "assistant");
  EXPECT_EQ(last.status, "complete");
  EXPECT_EQ(last.content, second_text);
  // The tool's result went back to the provider in the second request.
  const std::vector<fakes::RecordedRequest> requests = testing::chat_requests(fake);
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_THAT(requests[1].body, HasSubstr("calculator"));
}

INSTANTIATE_TEST_SUITE_P(Backends, StreamedTurnTest, ::testing::ValuesIn(testing::all_backend_cases()),
                         testing::backend_case_name);

// ---- faults end to end, on openai ---------------------------------------------------------------

class BackendFaultTest : public ::testing::TestWithParam<store::Engine> {};

TEST_P(BackendFaultTest, A429WithRetryAfterIsRetriedAndTheTurnCompletes) {
  ProviderFake fake;
  fake.push(Scenario::http_error(429, "Rate limit reached").with_retry_after_seconds(1));
  fake.push(Scenario::text_stream("Fine now.", 2).with_usage(3, 2));
  BackendHarness turn(GetParam(), {spec_for("openai", "primary", fake, quick_policy())});
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  turn.post(conversation_id, "hello");

  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  EXPECT_EQ(end->type, "turn.completed") << end->data_json;
  EXPECT_EQ(chat_request_count(fake), 2u);
  EXPECT_EQ(all_delta_text(watcher), "Fine now.");
}

TEST_P(BackendFaultTest, A401FailsAtOnceNamingTheBackendAndNeverTheKey) {
  ProviderFake fake;
  fake.set_default(Scenario::http_error(401, "Incorrect API key provided"));
  BackendHarness turn(GetParam(), {spec_for("openai", "primary", fake, quick_policy())});
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  turn.post(conversation_id, "hello");

  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  ASSERT_EQ(end->type, "turn.failed") << end->data_json;
  const std::string message = data_of(*end)["error"]["message"].as_string();
  EXPECT_THAT(message, HasSubstr("API key missing or rejected for backend"));
  EXPECT_THAT(message, HasSubstr("primary"));
  EXPECT_THAT(message, Not(HasSubstr(testing::kFakeApiKey)));
  EXPECT_EQ(chat_request_count(fake), 1u);
}

TEST_P(BackendFaultTest, OverloadedMidStreamKeepsThePartialTextAsIncompleteAndDoesNotRetry) {
  ProviderFake fake;
  fake.push(Scenario::overloaded_mid_stream("Partial answer that breaks", 4, 2));
  BackendHarness turn(GetParam(), {spec_for("openai", "primary", fake, quick_policy())});
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  turn.post(conversation_id, "hello");

  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  ASSERT_EQ(end->type, "turn.failed") << end->data_json;
  EXPECT_EQ(chat_request_count(fake), 1u);
  // The provider's own error text reaches the user.
  EXPECT_THAT(data_of(*end)["error"]["message"].as_string(), HasSubstr("Overloaded")) << end->data_json;
  const std::string streamed = all_delta_text(watcher);
  EXPECT_FALSE(streamed.empty());
  EXPECT_LT(streamed.size(), std::string("Partial answer that breaks").size());
  EXPECT_EQ(std::string("Partial answer that breaks").rfind(streamed, 0), 0u) << streamed;

  const store::ConversationDetail detail = turn.detail(conversation_id);
  const store::MessageRecord& last = detail.messages.back();
  EXPECT_EQ(last.role, "assistant");
  EXPECT_EQ(last.status, "incomplete");
  EXPECT_EQ(last.content, streamed);
}

TEST_P(BackendFaultTest, APrimaryAnswering503FallsBackToTheSecondBackend) {
  ProviderFake primary_fake;
  ProviderFake fallback_fake;
  primary_fake.set_default(Scenario::http_error(503, "Service Unavailable"));
  fallback_fake.push(Scenario::text_stream("Served by the fallback.", 3).with_usage(4, 3));
  BackendPolicy primary_policy = quick_policy();
  primary_policy.retries = 1;
  primary_policy.fallback = "secondary";
  BackendHarness turn(GetParam(), {spec_for("openai", "primary", primary_fake, primary_policy),
                                   spec_for("openai", "secondary", fallback_fake, quick_policy())});
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  turn.post(conversation_id, "hello");

  const std::optional<events::Event> end = watcher.wait_for_end();
  ASSERT_TRUE(end);
  EXPECT_EQ(end->type, "turn.completed") << end->data_json;
  const std::vector<events::Event> fallbacks = watcher.of_type("turn.fallback");
  ASSERT_EQ(fallbacks.size(), 1u);
  EXPECT_EQ(data_of(fallbacks[0])["from"].as_string(), "primary");
  EXPECT_EQ(data_of(fallbacks[0])["to"].as_string(), "secondary");
  EXPECT_EQ(chat_request_count(primary_fake), 2u); // the first try and its one retry
  EXPECT_EQ(chat_request_count(fallback_fake), 1u);
  EXPECT_EQ(all_delta_text(watcher), "Served by the fallback.");
  EXPECT_EQ(turn.detail(conversation_id).messages.back().content, "Served by the fallback.");
}

INSTANTIATE_TEST_SUITE_P(Engines, BackendFaultTest, store::testing::both_engines(), store::testing::engine_name);

} // namespace
} // namespace agenthost::runtime
