// Calls into instances of the test plugins: results, streamed events, errors, cancellation,
// structs of other sizes, and the serialization of instances that are not thread-safe.
#include "plugins/instance.hpp"

#include "test_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace agenthost::plugins {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::plugin_path;

class InstanceTest : public ::testing::Test {
protected:
  std::unique_ptr<Instance> make(const std::string& type, const std::string& name,
                                 const testing::IniSettings& ini = {}) {
    return testing::create_instance(catalog, fixture.services, type, name, ini);
  }
  // What create says when it fails (and a test failure when it succeeds).
  std::string create_failure(const std::string& type, const testing::IniSettings& ini) {
    CollectingSink sink;
    const ComponentInfo& component = *catalog.find_type(type);
    auto instance = Instance::create(component, "x", testing::settings_for(component, ini),
                                     InstanceContext{&fixture.services, nullptr}, sink);
    EXPECT_EQ(instance, nullptr);
    EXPECT_NE(sink.error_status(), AH_OK);
    return sink.error_message();
  }

  PluginCatalog catalog = PluginCatalog::from_files({plugin_path("good"), plugin_path("raw_calls")});
  testing::ServicesFixture fixture;
};

TEST_F(InstanceTest, AToolReturnsItsResultAndSeesItsSettings) {
  auto echo = make("echo", "e", {{"prefix", ">"}, {"repeat", "2"}});
  ASSERT_TRUE(echo);
  EXPECT_EQ(echo->section(), "tool.e");
  EXPECT_THAT(echo->label(), AllOf(HasSubstr("tool 'e' (echo from "), HasSubstr("good.so)")));
  CollectingSink sink;
  EXPECT_EQ(echo->invoke(sink, R"({"text":"hi"})"), AH_OK);
  EXPECT_EQ(sink.result(), ">hihi");
  EXPECT_FALSE(sink.has_error());
}

TEST_F(InstanceTest, AToolFailureCarriesThePluginsStatusAndMessage) {
  auto echo = make("echo", "e");
  CollectingSink sink;
  EXPECT_EQ(echo->invoke(sink, R"({"fail":"the text is too long"})"), AH_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(sink.error_status(), AH_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(sink.error_message(), "the text is too long");
}

TEST_F(InstanceTest, ABackendStreamsItsEventsInOrder) {
  auto backend = make("echo_backend", "demo", {{"greeting", "Hi! "}});
  CollectingSink sink;
  const std::string request = R"({"model":"m","messages":[{"role":"user","content":"hello big world"}]})";
  ASSERT_EQ(backend->chat(sink, request), AH_OK) << sink.error_message();
  EXPECT_EQ(sink.text(), "Hi! hello big world");
  std::vector<ah_event_type> types;
  for (const RecordedEvent& e : sink.events()) types.push_back(e.type);
  EXPECT_THAT(types, ElementsAre(AH_EVENT_TEXT_DELTA, AH_EVENT_TEXT_DELTA, AH_EVENT_TEXT_DELTA, AH_EVENT_TEXT_DELTA,
                                 AH_EVENT_USAGE, AH_EVENT_FINISH));
  EXPECT_EQ(sink.events()[4].input_tokens, 15);
  EXPECT_EQ(sink.events()[5].text, "stop");
}

TEST_F(InstanceTest, BackendOperationsAndTheirAbsence) {
  auto backend = make("echo_backend", "demo");
  CollectingSink models;
  ASSERT_EQ(backend->list_models(models), AH_OK);
  EXPECT_EQ(json::parse(models.result())[0]["name"], json::Value("echo-1"));
  CollectingSink described;
  ASSERT_EQ(backend->describe(described), AH_OK);
  EXPECT_EQ(json::parse(described.result())["capabilities"]["list_models"], json::Value(true));
  // The SDK reports what the class does not override.
  CollectingSink pull;
  EXPECT_EQ(backend->pull_model(pull, "m"), AH_ERR_UNSUPPORTED);
  EXPECT_THAT(pull.error_message(), HasSubstr("does not support pulling models"));
  // A raw table with NULL members: the host says so without calling anything.
  auto raw = make("raw_backend", "raw");
  CollectingSink missing;
  EXPECT_EQ(raw->list_models(missing), AH_ERR_UNSUPPORTED);
  EXPECT_THAT(missing.error_message(),
              AllOf(HasSubstr("backend 'raw' (raw_backend from"), HasSubstr("does not implement list_models")));
}

TEST_F(InstanceTest, AnOperationOfAnotherKindIsUnsupported) {
  auto echo = make("echo", "e");
  CollectingSink sink;
  EXPECT_EQ(echo->chat(sink, "{}"), AH_ERR_UNSUPPORTED);
  EXPECT_THAT(sink.error_message(), HasSubstr("tool 'e' (echo from"));
  EXPECT_THAT(sink.error_message(), HasSubstr("is a tool, which has no chat operation"));
  CollectingSink clean;
  EXPECT_EQ(echo->clean(clean, "text", "{}"), AH_ERR_UNSUPPORTED);
}

TEST_F(InstanceTest, StrategiesAndCleaningStepsWork) {
  auto strategy = make("passthrough", "keep");
  CollectingSink applied;
  ASSERT_EQ(strategy->apply(applied, R"({"messages":[{"role":"user","content":"a"},{"role":"user","content":"b"}]})"),
            AH_OK);
  EXPECT_EQ(json::parse(applied.result())["report"]["kept"], json::Value(2));
  auto upper = make("upper", "up");
  CollectingSink cleaned;
  ASSERT_EQ(upper->clean(cleaned, "abc D", "{}"), AH_OK);
  EXPECT_EQ(cleaned.result(), "ABC D");
  ASSERT_EQ(cleaned.events().size(), 2u);
  EXPECT_EQ(cleaned.events()[0].type, AH_EVENT_METADATA);
  EXPECT_EQ(cleaned.events()[0].name, "changed");
  EXPECT_EQ(cleaned.events()[0].text, "3");
}

TEST_F(InstanceTest, AFailureWithoutAMessageGetsOneNamingTheInstance) {
  auto raw = make("raw_tool", "r");
  CollectingSink sink;
  EXPECT_EQ(raw->invoke(sink, "silent"), AH_ERR_UPSTREAM);
  EXPECT_EQ(sink.error_status(), AH_ERR_UPSTREAM);
  EXPECT_THAT(sink.error_message(), AllOf(HasSubstr("tool 'r' (raw_tool from " + plugin_path("raw_calls") + ")"),
                                          HasSubstr("failed in invoke (upstream error) without saying why")));
}

TEST_F(InstanceTest, AnErrorSetWithStatusOkStillReadsAsAFailure) {
  auto raw = make("raw_tool", "r");
  CollectingSink sink;
  EXPECT_EQ(raw->invoke(sink, "set_error_ok"), AH_ERR_INTERNAL);
  EXPECT_EQ(sink.error_status(), AH_ERR_INTERNAL);
  EXPECT_EQ(sink.error_message(), "an error reported with status OK");
}

TEST_F(InstanceTest, EventsSmallerThanTheHostsReadAsZeroBeyondTheirSize) {
  auto raw = make("raw_tool", "r");
  CollectingSink sink;
  ASSERT_EQ(raw->invoke(sink, "short_event"), AH_OK);
  ASSERT_EQ(sink.events().size(), 1u);
  const RecordedEvent e = sink.events()[0];
  EXPECT_EQ(e.text, "short");
  EXPECT_EQ(e.id, "") << "the plugin's garbage after struct_size must not be read";
  EXPECT_EQ(e.index, 0);
  EXPECT_EQ(e.total, 0);
}

TEST_F(InstanceTest, EventsLargerThanTheHostsAreReadUpToWhatTheHostKnows) {
  auto raw = make("raw_tool", "r");
  CollectingSink sink;
  ASSERT_EQ(raw->invoke(sink, "long_event"), AH_OK);
  ASSERT_EQ(sink.events().size(), 1u);
  EXPECT_EQ(sink.events()[0].text, "long");
  EXPECT_EQ(sink.events()[0].index, 5);
}

TEST_F(InstanceTest, AnEventTooSmallToHaveATypeIsRejected) {
  auto raw = make("raw_tool", "r");
  CollectingSink sink;
  ASSERT_EQ(raw->invoke(sink, "tiny_event"), AH_OK);
  EXPECT_EQ(sink.result(), "tiny=" + std::to_string(AH_ERR_INVALID_ARGUMENT));
  EXPECT_EQ(sink.events().size(), 1u) << "the tiny event itself is not delivered";
}

TEST_F(InstanceTest, CreateFailuresExplainThemselves) {
  EXPECT_THAT(create_failure("echo", {{"fail_on_create", "true"}}),
              HasSubstr("fail_on_create is set, so creation fails"));
  EXPECT_THAT(create_failure("raw_tool", {{"mode", "fail_silently"}}),
              HasSubstr("create failed (internal error) without saying why"));
  EXPECT_THAT(create_failure("raw_tool", {{"mode", "null_self"}}), HasSubstr("returned success but no instance"));
}

// Stops after `limit` events, as a client that went away.
class StoppingSink : public CallSink {
public:
  explicit StoppingSink(int limit) : limit_(limit) {}
  bool on_event(const ah_event&) override { return ++received < limit_; }
  int received = 0;

private:
  int limit_;
};

TEST_F(InstanceTest, AConsumerThatStopsCancelsTheStream) {
  auto backend = make("echo_backend", "demo");
  StoppingSink sink(3);
  EXPECT_EQ(backend->chat(sink, R"({"messages":[{"role":"user","content":"forever"}]})"), AH_ERR_CANCELLED);
  EXPECT_EQ(sink.received, 3) << "no event is delivered after the consumer said stop";
  EXPECT_TRUE(sink.cancelled());
}

TEST_F(InstanceTest, ACallCancelledBeforeItStartsDeliversNothing) {
  auto backend = make("echo_backend", "demo");
  CollectingSink sink;
  sink.cancel();
  EXPECT_EQ(backend->chat(sink, R"({"messages":[{"role":"user","content":"hello"}]})"), AH_ERR_CANCELLED);
  EXPECT_TRUE(sink.events().empty());
}

TEST_F(InstanceTest, AWatchedFlagCancelsTheCall) {
  auto backend = make("echo_backend", "demo");
  std::atomic<bool> turn_cancelled{true};
  CollectingSink sink;
  sink.watch(turn_cancelled);
  EXPECT_EQ(backend->chat(sink, R"({"messages":[{"role":"user","content":"hello"}]})"), AH_ERR_CANCELLED);
  EXPECT_TRUE(sink.events().empty());
}

class ThrowingSink : public CallSink {
public:
  bool on_event(const ah_event&) override { throw std::runtime_error("consumer exploded"); }
};

TEST_F(InstanceTest, AnExceptionInTheConsumerCancelsTheCallAndIsLogged) {
  auto backend = make("echo_backend", "demo");
  ThrowingSink sink;
  EXPECT_EQ(backend->chat(sink, R"({"messages":[{"role":"user","content":"hello"}]})"), AH_ERR_CANCELLED);
  EXPECT_TRUE(sink.cancelled());
  EXPECT_THAT(fixture.log.containing("consumer exploded"), HasSubstr("backend.demo"));
}

// Runs `threads` invokes of `instance` at once and returns the most it saw inside at a time.
std::string overlap_seen(Instance& instance, int threads) {
  std::vector<std::thread> callers;
  for (int i = 0; i < threads; ++i)
    callers.emplace_back([&] {
      CollectingSink sink;
      EXPECT_EQ(instance.invoke(sink, "{}"), AH_OK) << sink.error_message();
    });
  for (auto& caller : callers) caller.join();
  CollectingSink report;
  EXPECT_EQ(instance.invoke(report, R"({"report":true})"), AH_OK);
  return report.result();
}

TEST_F(InstanceTest, AnInstanceThatIsNotThreadSafeIsNeverEnteredConcurrently) {
  auto probe = make("probe", "p");
  EXPECT_EQ(overlap_seen(*probe, 3), "1");
}

TEST_F(InstanceTest, AThreadSafeInstanceIsCalledConcurrently) {
  // The control: the same probe, declared thread-safe, does see two calls at once, so the
  // test above would notice if the host failed to serialize.
  auto probe = make("probe_parallel", "p");
  EXPECT_EQ(overlap_seen(*probe, 2), "2");
}

TEST_F(InstanceTest, DestroyingWaitsForCallsInFlightAndRefusesNewOnes) {
  using namespace std::chrono_literals;
  // "services" is thread-safe: its calls never take the lock the destructor used to rely on.
  auto instance = make("services", "svc");
  Instance* const raw = instance.get();
  CollectingSink running;
  std::thread caller([&] { EXPECT_EQ(raw->invoke(running, R"({"op":"wait_for_cancel"})"), AH_ERR_CANCELLED); });
  std::this_thread::sleep_for(100ms); // the call is now inside the plugin, polling for cancellation
  std::atomic<bool> destroyed{false};
  std::thread destroyer([&] {
    instance.reset();
    destroyed = true;
  });
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(destroyed) << "the instance was destroyed while a call was running in it";
  CollectingSink late;
  EXPECT_EQ(raw->invoke(late, R"({"op":"tokens","text":"x"})"), AH_ERR_UNAVAILABLE);
  EXPECT_THAT(late.error_message(), AllOf(HasSubstr("tool 'svc'"), HasSubstr("instance is shutting down")));
  running.cancel();
  caller.join();
  destroyer.join();
  EXPECT_TRUE(destroyed);
  EXPECT_THAT(fixture.log.containing("saw the cancellation"), HasSubstr("tool.svc"))
      << "the running call finished normally before destroy";
}

} // namespace
} // namespace agenthost::plugins
