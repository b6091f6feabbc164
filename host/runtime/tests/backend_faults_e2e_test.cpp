// Faults end to end, on every backend plugin (ollama, openai, anthropic) and both store engines:
// the real turn engine makes real outbound HTTP calls to the provider fake on loopback, and the
// fake stalls after its headers, resets the connection after some tokens, or stalls between
// tokens while its keep-alive pings flow. Each test asserts the turn's events, the stored
// message (status and text) and the job record.
//
// Deadlines are short (hundreds of ms) so the tests are quick; nothing asserts how long anything
// took, only what happened.
#include "runtime/tests/backend_harness.hpp"
#include "wire_formats.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace agenthost::runtime {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::all_delta_text;
using testing::BackendCase;
using testing::BackendHarness;
using testing::chat_request_count;
using testing::data_of;
using testing::EventWatcher;
using testing::quick_policy;
using testing::spec_for;
using fakes::Fault;
using fakes::ProviderFake;
using fakes::Scenario;

// Ollama's stream has no keep-alive frame; the other two send one while the model is silent.
bool pings(const std::string& type) { return type != "ollama"; }

// A stream of `text` in `tokens` pieces that goes wrong (`fault`) after `after` of them, with a
// keep-alive ping every 10 ms while it stalls.
Scenario faulty_stream(const std::string& text, int tokens, Fault fault, int after) {
  Scenario scenario = Scenario::text_stream(text, tokens).with_fault(fault, after);
  scenario.ping_interval = 10ms;
  return scenario;
}

// The first `count` pieces the fake splits `text` into: what the client saw before a fault.
std::string first_pieces(const std::string& text, int tokens, int count) {
  std::string out;
  const std::vector<std::string> pieces = fakes::split_utf8(text, tokens);
  for (int i = 0; i < count && i < static_cast<int>(pieces.size()); ++i) out += pieces[static_cast<std::size_t>(i)];
  return out;
}

// "METHOD PATH" of each request the fake received, for failure messages.
std::string request_lines(const ProviderFake& fake) {
  std::string out;
  for (const fakes::RecordedRequest& request : fake.requests()) out += request.method + " " + request.path + "\n";
  return out;
}

// The turn's events hold exactly one terminal event, of `type`, and begin with turn.started.
void expect_one_terminal_event(EventWatcher& watcher, const std::string& type) {
  const std::vector<std::string> types = watcher.types();
  ASSERT_FALSE(types.empty());
  EXPECT_EQ(types.front(), "turn.started");
  int terminal = 0;
  for (const std::string& seen : types)
    if (seen == "turn.completed" || seen == "turn.failed" || seen == "turn.cancelled") ++terminal;
  EXPECT_EQ(terminal, 1);
  EXPECT_EQ(types.back(), type);
}

// Waits for the turn's end, which must be `type` and its one terminal event. Returns the end
// event's data; nullopt (the failure recorded, naming what came instead) when it ended otherwise.
std::optional<json::Value> ended_as(EventWatcher& watcher, const std::string& type) {
  const std::optional<events::Event> end = watcher.wait_for_end();
  if (!end) {
    ADD_FAILURE() << "the turn did not end (wanted " << type << ")";
    return std::nullopt;
  }
  if (end->type != type) {
    ADD_FAILURE() << "the turn ended with " << end->type << ", not " << type << ": " << end->data_json;
    return std::nullopt;
  }
  expect_one_terminal_event(watcher, type);
  return data_of(*end);
}

class BackendFaultsTest : public ::testing::TestWithParam<BackendCase> {
protected:
  const std::string& type() const { return GetParam().type; }
};

TEST_P(BackendFaultsTest, AStallAfterHeadersIsRetriedPerPolicyThenFailsWithNoFirstTokenWithinTheDeadline) {
  ProviderFake fake;
  fake.set_default(faulty_stream("never sent", 1, Fault::stall_after_headers, 0));
  BackendPolicy policy = quick_policy();
  policy.retries = 1;
  policy.first_token_timeout = 300ms;
  BackendHarness turn(GetParam().engine, {spec_for(type(), "primary", fake, policy)});
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  const TurnService::Posted posted = turn.post(conversation_id, "hello");

  const std::optional<json::Value> ended = ended_as(watcher, "turn.failed");
  ASSERT_TRUE(ended);
  const json::Value error = (*ended)["error"];
  EXPECT_EQ(error["type"].as_string(), "backend_timeout");
  const std::string message = error["message"].as_string();
  EXPECT_THAT(message, HasSubstr("backend 'primary' sent no output within 300 ms"));
  EXPECT_THAT(message, HasSubstr("first_token_timeout_ms of [backend.primary]"));
  EXPECT_THAT(message, HasSubstr("(2 attempts)"));
  EXPECT_EQ(chat_request_count(fake), 2u); // the first try and the one retry the policy allows
  EXPECT_TRUE(watcher.of_type("message.delta").empty());
  // Pings kept the connection alive, but a ping is not a first token.
  if (pings(type())) {
    EXPECT_GT(fake.pings_sent(), 0u);
  }

  // Nothing was said, so no assistant message is stored: the user's message is the last one.
  const store::ConversationDetail detail = turn.detail(conversation_id);
  EXPECT_NE(detail.conversation.status, "running");
  ASSERT_FALSE(detail.messages.empty());
  EXPECT_EQ(detail.messages.back().role, "user");
  EXPECT_EQ(detail.messages.back().content, "hello");

  const queue::JobRecord job = turn.finished_job(posted.job.id);
  EXPECT_EQ(job.state, "failed");
  EXPECT_EQ(job.error_type.value_or(""), "backend_timeout");
  EXPECT_EQ(job.error.value_or(""), message);
  EXPECT_EQ(job.attempts, 1); // the retries are the fault layer's, inside one run of the turn
}

TEST_P(BackendFaultsTest, AStallAfterHeadersFallsBackToTheFallbackBackendWhichServesTheTurn) {
  ProviderFake primary_fake;
  ProviderFake fallback_fake;
  primary_fake.set_default(faulty_stream("never sent", 1, Fault::stall_after_headers, 0));
  fallback_fake.push(Scenario::text_stream("Served by the fallback.", 3).with_usage(4, 3));
  BackendPolicy primary_policy = quick_policy();
  primary_policy.retries = 0;
  primary_policy.first_token_timeout = 300ms;
  primary_policy.fallback = "secondary";
  BackendHarness turn(GetParam().engine, {spec_for(type(), "primary", primary_fake, primary_policy),
                                          spec_for(type(), "secondary", fallback_fake, quick_policy())});
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  const TurnService::Posted posted = turn.post(conversation_id, "hello");

  const std::optional<json::Value> ended = ended_as(watcher, "turn.completed");
  ASSERT_TRUE(ended);
  const std::vector<events::Event> fallbacks = watcher.of_type("turn.fallback");
  ASSERT_EQ(fallbacks.size(), 1u);
  const json::Value fallback = data_of(fallbacks[0]);
  EXPECT_EQ(fallback["from"].as_string(), "primary");
  EXPECT_EQ(fallback["to"].as_string(), "secondary");
  EXPECT_THAT(fallbacks[0].data_json, HasSubstr("sent no output within 300 ms")) << "the reason is given";
  EXPECT_EQ(chat_request_count(primary_fake), 1u);
  EXPECT_EQ(chat_request_count(fallback_fake), 1u) << request_lines(fallback_fake);
  EXPECT_EQ(all_delta_text(watcher), "Served by the fallback.");

  const store::ConversationDetail detail = turn.detail(conversation_id);
  EXPECT_EQ(detail.conversation.status, "idle");
  EXPECT_EQ(detail.messages.back().role, "assistant");
  EXPECT_EQ(detail.messages.back().status, "complete");
  EXPECT_EQ(detail.messages.back().content, "Served by the fallback.");
  const queue::JobRecord job = turn.finished_job(posted.job.id);
  EXPECT_EQ(job.state, "succeeded");
  EXPECT_FALSE(job.error.has_value());
}

TEST_P(BackendFaultsTest, AResetMidStreamKeepsThePartialReplyIncompleteFailsNamingTheBackendAndIsNeverRetried) {
  const std::string text = "one two three four five";
  ProviderFake fake;
  fake.push(faulty_stream(text, 5, Fault::reset_after_release, 2));
  fake.set_default(Scenario::text_stream("A retry must never reach this.", 2)); // what a retry would get
  BackendHarness turn(GetParam().engine, {spec_for(type(), "primary", fake, quick_policy())});
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  const TurnService::Posted posted = turn.post(conversation_id, "hello");

  // The reset comes only once the host has streamed the first two tokens on: the kernel then
  // has nothing unread that the RST could discard, so the fault is "after output" every time.
  const std::string streamed = first_pieces(text, 5, 2);
  ASSERT_TRUE(fake.wait_until_stalled(30s));
  ASSERT_TRUE(queue::testing::eventually([&] { return all_delta_text(watcher) == streamed; }))
      << "streamed so far: '" << all_delta_text(watcher) << "'";
  fake.release_stalls();

  const std::optional<json::Value> ended = ended_as(watcher, "turn.failed");
  ASSERT_TRUE(ended);
  const json::Value error = (*ended)["error"];
  EXPECT_EQ(error["type"].as_string(), "backend_error");
  const std::string message = error["message"].as_string();
  EXPECT_THAT(message, HasSubstr("backend 'primary'"));
  EXPECT_THAT(message, HasSubstr("after part of the reply was sent"));
  EXPECT_THAT(message, Not(HasSubstr(testing::kFakeApiKey)));
  EXPECT_EQ(chat_request_count(fake), 1u) << "output had been emitted: a retry would repeat it";
  EXPECT_EQ(all_delta_text(watcher), streamed);

  // The partial reply is kept, marked incomplete, and announced as the turn's message.
  const store::ConversationDetail detail = turn.detail(conversation_id);
  EXPECT_NE(detail.conversation.status, "running");
  const store::MessageRecord& last = detail.messages.back();
  EXPECT_EQ(last.role, "assistant");
  EXPECT_EQ(last.status, "incomplete");
  EXPECT_EQ(last.content, streamed);
  const std::vector<events::Event> completed = watcher.of_type("message.completed");
  ASSERT_EQ(completed.size(), 1u);
  EXPECT_EQ(data_of(completed[0])["message"]["status"].as_string(), "incomplete");

  const queue::JobRecord job = turn.finished_job(posted.job.id);
  EXPECT_EQ(job.state, "failed");
  EXPECT_EQ(job.error_type.value_or(""), "backend_error");
  EXPECT_EQ(job.error.value_or(""), message);
}

TEST_P(BackendFaultsTest, AStallBetweenTokensFailsOnTheGapDeadlineAlthoughPingsKeepFlowing) {
  const std::string text = "one two three four";
  ProviderFake fake;
  fake.push(faulty_stream(text, 4, Fault::stall_between_tokens, 2));
  fake.set_default(Scenario::text_stream("A retry must never reach this.", 2));
  BackendPolicy policy = quick_policy();
  policy.token_gap_timeout = 400ms; // 40 pings' worth: if pings reset it, it would never fire
  BackendHarness turn(GetParam().engine, {spec_for(type(), "primary", fake, policy)});
  const std::string conversation_id = turn.new_conversation();
  EventWatcher watcher(turn.events, conversation_id);
  const TurnService::Posted posted = turn.post(conversation_id, "hello");

  const std::optional<json::Value> ended = ended_as(watcher, "turn.failed");
  ASSERT_TRUE(ended);
  const json::Value error = (*ended)["error"];
  EXPECT_EQ(error["type"].as_string(), "backend_timeout");
  const std::string message = error["message"].as_string();
  EXPECT_THAT(message, HasSubstr("backend 'primary' went silent for 400 ms"));
  EXPECT_THAT(message, HasSubstr("token_gap_timeout_ms of [backend.primary]"));
  EXPECT_THAT(message, HasSubstr("after part of the reply was sent"));
  if (pings(type())) {
    EXPECT_GT(fake.pings_sent(), 0u) << "the pings must have flowed during the stall";
  }
  EXPECT_EQ(chat_request_count(fake), 1u);

  const std::string streamed = first_pieces(text, 4, 2);
  EXPECT_EQ(all_delta_text(watcher), streamed);
  const store::ConversationDetail detail = turn.detail(conversation_id);
  const store::MessageRecord& last = detail.messages.back();
  EXPECT_EQ(last.role, "assistant");
  EXPECT_EQ(last.status, "incomplete");
  EXPECT_EQ(last.content, streamed);

  const queue::JobRecord job = turn.finished_job(posted.job.id);
  EXPECT_EQ(job.state, "failed");
  EXPECT_EQ(job.error_type.value_or(""), "backend_timeout");
  EXPECT_EQ(job.error.value_or(""), message);
}

INSTANTIATE_TEST_SUITE_P(Backends, BackendFaultsTest, ::testing::ValuesIn(testing::all_backend_cases()),
                         testing::backend_case_name);

} // namespace
} // namespace agenthost::runtime
