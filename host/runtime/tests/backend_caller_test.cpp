// The fault layer against a fake backend that plays one scripted attempt per call: events,
// then a status and error, with the HTTP exchange the host would have recorded.
#include "runtime/backend_caller.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

namespace agenthost::runtime {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using std::chrono::milliseconds;

struct ScriptedAttempt {
  std::vector<std::string> texts;
  ah_status status = AH_OK;
  std::string error;
  std::optional<plugins::UpstreamOutcome> upstream; // as the host's HTTP service records it
  enum class Stall { none, silent, keepalives } stall = Stall::none; // then waits for the cancel
};

ScriptedAttempt http_error(int status, std::string text, ah_status plugin_status = AH_ERR_UPSTREAM) {
  ScriptedAttempt attempt;
  attempt.status = plugin_status;
  attempt.error = std::move(text);
  attempt.upstream = plugins::UpstreamOutcome{};
  attempt.upstream->status = status;
  return attempt;
}

ScriptedAttempt replies(std::vector<std::string> texts) {
  ScriptedAttempt attempt;
  attempt.texts = std::move(texts);
  return attempt;
}

ah_event event_of(ah_event_type type, const std::string& text) {
  ah_event event{};
  event.struct_size = sizeof(ah_event);
  event.type = type;
  event.text = ah_str{text.data(), text.size()};
  return event;
}

class FakeBackend : public ChatBackend {
public:
  FakeBackend(std::string name, std::vector<ScriptedAttempt> script, std::uint32_t capabilities = AH_BACKEND_TOOLS)
      : name_(std::move(name)), capabilities_(capabilities), script_(std::move(script)) {}

  const std::string& name() const override { return name_; }
  std::uint32_t capabilities() const override { return capabilities_; }

  ah_status chat(plugins::CallSink& sink, std::string_view request_json) override {
    const ScriptedAttempt attempt = script_.at(std::min(requests_.size(), script_.size() - 1));
    requests_.emplace_back(request_json);
    if (attempt.upstream) sink.record_upstream(*attempt.upstream);
    for (const std::string& text : attempt.texts) sink.on_event(event_of(AH_EVENT_TEXT_DELTA, text));
    if (attempt.stall != ScriptedAttempt::Stall::none) {
      // As a plugin does: keep going until the host cancels the call.
      while (!sink.cancelled()) {
        if (attempt.stall == ScriptedAttempt::Stall::keepalives) sink.on_event(event_of(AH_EVENT_KEEPALIVE, ""));
        std::this_thread::sleep_for(milliseconds(2));
      }
      return AH_ERR_CANCELLED;
    }
    if (attempt.status != AH_OK) sink.set_error(attempt.status, attempt.error);
    return attempt.status;
  }

  const std::vector<std::string>& requests() const { return requests_; }

private:
  std::string name_;
  std::uint32_t capabilities_;
  std::vector<ScriptedAttempt> script_;
  std::vector<std::string> requests_;
};

struct Fallback {
  std::string from, to, reason;
};

class BackendCallerTest : public ::testing::Test {
protected:
  BackendCaller caller() {
    BackendCallHooks hooks;
    hooks.wait = [this](milliseconds wait, const plugins::CallSink&) { waits.push_back(wait); };
    hooks.random = [] { return 0.0; }; // the shortest jitter: backoff = base * 2^retry / 2
    hooks.on_fallback = [this](const std::string& from, const std::string& to, const std::string& reason) {
      fallbacks.push_back(Fallback{from, to, reason});
    };
    hooks.on_warning = [this](const std::string& message) { warnings.push_back(message); };
    return BackendCaller([this](const std::string& name) -> ChatBackend* { return backends.at(name); },
                         [this](const std::string& name) { return policies[name]; }, hooks);
  }

  BackendCallResult run(FakeBackend& backend, ChatRequest request = ChatRequest{}) {
    if (request.model.empty()) request.model = "gpt-x";
    return caller().chat(backend, output, std::move(request));
  }

  std::map<std::string, BackendPolicy> policies;
  std::map<std::string, ChatBackend*> backends;
  std::vector<milliseconds> waits;
  std::vector<Fallback> fallbacks;
  std::vector<std::string> warnings;
  plugins::CollectingSink output;
};

TEST_F(BackendCallerTest, RetriesA503AndSucceeds) {
  FakeBackend main("main", {http_error(503, "upstream busy"), replies({"Hel", "lo"})});
  const BackendCallResult result = run(main);
  EXPECT_EQ(result.status, AH_OK) << result.error;
  EXPECT_EQ(result.served_by, "main");
  EXPECT_EQ(main.requests().size(), 2u);
  EXPECT_THAT(waits, ElementsAre(milliseconds(250))); // base 500 ms, jitter 0.5
  EXPECT_EQ(output.text(), "Hello");
}

TEST_F(BackendCallerTest, BacksOffExponentiallyAndGivesUpAfterTheConfiguredRetries) {
  FakeBackend main("main", {http_error(500, "internal error")});
  const BackendCallResult result = run(main);
  EXPECT_NE(result.status, AH_OK);
  EXPECT_EQ(main.requests().size(), 3u); // 1 + 2 retries
  EXPECT_THAT(waits, ElementsAre(milliseconds(250), milliseconds(500)));
  EXPECT_THAT(result.error, HasSubstr("internal error"));
  EXPECT_THAT(result.error, HasSubstr("3 attempts"));
}

TEST_F(BackendCallerTest, HonoursRetryAfterMs) {
  ScriptedAttempt limited = http_error(429, "rate limited", AH_ERR_RATE_LIMITED);
  limited.upstream->retry_after_ms = "1500";
  FakeBackend main("main", {limited, replies({"ok"})});
  EXPECT_EQ(run(main).status, AH_OK);
  EXPECT_THAT(waits, ElementsAre(milliseconds(1500)));
}

TEST_F(BackendCallerTest, ARetryAfterBeyondTheCapFailsAtOnce) {
  ScriptedAttempt limited = http_error(429, "rate limited", AH_ERR_RATE_LIMITED);
  limited.upstream->retry_after = "120";
  FakeBackend main("main", {limited, replies({"never"})});
  const BackendCallResult result = run(main);
  EXPECT_NE(result.status, AH_OK);
  EXPECT_EQ(main.requests().size(), 1u);
  EXPECT_TRUE(waits.empty());
  EXPECT_THAT(result.error, HasSubstr("backend 'main' asked to retry after 120 s, more than retry_max_wait_ms"));
}

TEST_F(BackendCallerTest, UnauthorizedFailsAtOnceWithoutRetry) {
  FakeBackend main("main", {http_error(401, "invalid x-api-key", AH_ERR_PERMISSION), replies({"never"})});
  const BackendCallResult result = run(main);
  EXPECT_EQ(result.status, AH_ERR_PERMISSION);
  EXPECT_EQ(main.requests().size(), 1u);
  EXPECT_THAT(result.error, HasSubstr("API key missing or rejected for backend 'main'"));
}

TEST_F(BackendCallerTest, NeverRetriesOnceOutputWasEmitted) {
  ScriptedAttempt broken = http_error(200, "Overloaded", AH_ERR_UNAVAILABLE);
  broken.texts = {"The answer is"};
  FakeBackend main("main", {broken, replies({"again"})});
  FakeBackend backup("backup", {replies({"from backup"})});
  backends["backup"] = &backup;
  policies["main"].fallback = "backup";
  const BackendCallResult result = run(main);
  EXPECT_EQ(result.status, AH_ERR_UNAVAILABLE);
  EXPECT_TRUE(result.output_emitted);
  EXPECT_EQ(main.requests().size(), 1u);
  EXPECT_TRUE(backup.requests().empty()); // no fallback after output either
  EXPECT_THAT(result.error, HasSubstr("Overloaded"));
  EXPECT_EQ(output.text(), "The answer is");
}

TEST_F(BackendCallerTest, StopsAnAttemptWithNoFirstToken) {
  ScriptedAttempt stalled;
  stalled.stall = ScriptedAttempt::Stall::silent;
  FakeBackend main("main", {stalled});
  policies["main"].retries = 0;
  policies["main"].first_token_timeout = milliseconds(30);
  const BackendCallResult result = run(main);
  EXPECT_EQ(result.error_type, "backend_timeout");
  EXPECT_THAT(result.error, HasSubstr("first_token_timeout_ms"));
  EXPECT_FALSE(output.cancelled()); // only the attempt was stopped, not the turn
}

TEST_F(BackendCallerTest, KeepalivesDoNotHoldOffTheTokenGapDeadline) {
  ScriptedAttempt stalled;
  stalled.texts = {"Partial"};
  stalled.stall = ScriptedAttempt::Stall::keepalives;
  FakeBackend main("main", {stalled});
  policies["main"].first_token_timeout = milliseconds(0);
  policies["main"].response_timeout = milliseconds(0);
  policies["main"].token_gap_timeout = milliseconds(40);
  const BackendCallResult result = run(main);
  EXPECT_EQ(result.error_type, "backend_timeout");
  EXPECT_THAT(result.error, HasSubstr("token_gap_timeout_ms"));
  EXPECT_TRUE(result.output_emitted);
  EXPECT_EQ(main.requests().size(), 1u);
  EXPECT_EQ(output.text(), "Partial");
}

TEST_F(BackendCallerTest, StopsAResponseThatRunsTooLong) {
  ScriptedAttempt stalled;
  stalled.stall = ScriptedAttempt::Stall::keepalives;
  FakeBackend main("main", {stalled});
  policies["main"] = BackendPolicy{};
  policies["main"].retries = 0;
  policies["main"].first_token_timeout = milliseconds(0);
  policies["main"].response_timeout = milliseconds(30);
  EXPECT_THAT(run(main).error, HasSubstr("response_timeout_ms"));
}

TEST_F(BackendCallerTest, FallsBackWhenThePrimaryFailsBeforeItsFirstToken) {
  FakeBackend main("main", {http_error(529, "overloaded_error: Overloaded")});
  FakeBackend backup("backup", {replies({"from backup"})});
  backends["backup"] = &backup;
  policies["main"].retries = 1;
  policies["main"].fallback = "backup";
  const BackendCallResult result = run(main);
  EXPECT_EQ(result.status, AH_OK) << result.error;
  EXPECT_EQ(result.served_by, "backup");
  EXPECT_EQ(main.requests().size(), 2u);
  ASSERT_EQ(fallbacks.size(), 1u);
  EXPECT_EQ(fallbacks[0].from, "main");
  EXPECT_EQ(fallbacks[0].to, "backup");
  EXPECT_THAT(fallbacks[0].reason, HasSubstr("HTTP 529"));
  EXPECT_EQ(output.text(), "from backup");
}

TEST_F(BackendCallerTest, AFailingFallbackReportsBothFailures) {
  FakeBackend main("main", {http_error(404, "model not found", AH_ERR_NOT_FOUND)});
  FakeBackend backup("backup", {http_error(401, "bad key", AH_ERR_PERMISSION)});
  backends["backup"] = &backup;
  policies["main"].fallback = "backup";
  const BackendCallResult result = run(main);
  EXPECT_EQ(result.served_by, "backup");
  EXPECT_THAT(result.error, HasSubstr("model 'gpt-x' not found on backend 'main'"));
  EXPECT_THAT(result.error, HasSubstr("API key missing or rejected for backend 'backup'"));
}

TEST_F(BackendCallerTest, DropsToolsWithAWarningForABackendWithoutToolSupport) {
  FakeBackend main("main", {replies({"no tools here"})}, /*capabilities=*/0);
  ChatRequest request;
  ToolSpec tool;
  tool.name = "calculator";
  request.tools.push_back(tool);
  EXPECT_EQ(run(main, request).status, AH_OK);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], HasSubstr("backend 'main' cannot take tools"));
  EXPECT_TRUE(ChatRequest::parse(main.requests().at(0)).tools.empty());
}

TEST_F(BackendCallerTest, RetriesAConnectionError) {
  ScriptedAttempt refused;
  refused.status = AH_ERR_UNAVAILABLE;
  refused.error = "could not connect";
  refused.upstream = plugins::UpstreamOutcome{};
  refused.upstream->connection_error = true;
  refused.upstream->error = "connection refused by 127.0.0.1:11434";
  FakeBackend main("main", {refused, replies({"up again"})});
  EXPECT_EQ(run(main).status, AH_OK);
  EXPECT_EQ(main.requests().size(), 2u);
  EXPECT_EQ(output.text(), "up again");
}

TEST(BackendPolicyOf, TakesEveryHostSetting) {
  config::BackendHostSettings settings;
  settings.retries = 5;
  settings.retry_max_wait_ms = 1000;
  settings.first_token_timeout_ms = 2000;
  settings.token_gap_timeout_ms = 3000;
  settings.response_timeout_ms = 4000;
  settings.fallback = "local";
  const BackendPolicy policy = backend_policy_of(settings);
  EXPECT_EQ(policy.retries, 5);
  EXPECT_EQ(policy.retry_max_wait, milliseconds(1000));
  EXPECT_EQ(policy.first_token_timeout, milliseconds(2000));
  EXPECT_EQ(policy.token_gap_timeout, milliseconds(3000));
  EXPECT_EQ(policy.response_timeout, milliseconds(4000));
  EXPECT_EQ(policy.fallback, "local");
}

TEST_F(BackendCallerTest, ACancelledTurnIsNeitherRetriedNorFallenBack) {
  FakeBackend main("main", {http_error(503, "busy")});
  FakeBackend backup("backup", {replies({"never"})});
  backends["backup"] = &backup;
  policies["main"].fallback = "backup";
  BackendCallHooks hooks;
  hooks.wait = [this](milliseconds, const plugins::CallSink&) { output.cancel(); }; // cancelled while waiting
  BackendCaller cancelling([this](const std::string& name) -> ChatBackend* { return backends.at(name); },
                           [this](const std::string& name) { return policies[name]; }, hooks);
  ChatRequest request;
  request.model = "gpt-x";
  const BackendCallResult result = cancelling.chat(main, output, request);
  EXPECT_EQ(result.status, AH_ERR_CANCELLED);
  EXPECT_EQ(main.requests().size(), 1u);
  EXPECT_TRUE(backup.requests().empty());
}

} // namespace
} // namespace agenthost::runtime
